using FsCheck;
using FsCheck.Fluent;

namespace IndustrialSafeRL.Shield.Tests.Properties;

/// <summary>A case whose proposed action is safe by construction.</summary>
public sealed record SafeCase(ShieldCase Case)
{
    public override string ToString() => Case.ToString();
}

/// <summary>A random case with one non-finite value (or the stale flag) injected at <paramref name="Where"/>.</summary>
public sealed record FaultCase(ShieldCase Case, int Where, double Value)
{
    public const int Positions = ShieldCase.Dims + (3 * ShieldCase.Actions) + 1;

    public override string ToString() => $"where {Where} value {Value}; {Case}";
}

/// <summary>A sequence of decisions for the repeated-intervention rule.</summary>
public sealed record WindowCase(int Seed, int Window, int MaxInWindow, double InterventionProbability);

/// <summary>FsCheck generators for the shield's property tests.</summary>
public static class ShieldArbitraries
{
    private static Gen<int> Seeds => Gen.Choose(0, int.MaxValue);

    public static Arbitrary<ShieldCase> Cases() => Seeds.Select(ShieldCase.Random).ToArbitrary();

    public static Arbitrary<SafeCase> SafeCases() => Seeds.Select(s => new SafeCase(ShieldCase.Safe(s))).ToArbitrary();

    public static Arbitrary<FaultCase> FaultCases() =>
        (from seed in Seeds
         from position in Gen.Choose(0, FaultCase.Positions - 1)
         from value in Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity)
         select new FaultCase(ShieldCase.Random(seed), position, value)).ToArbitrary();

    public static Arbitrary<WindowCase> WindowCases() =>
        (from seed in Seeds
         from window in Gen.Choose(1, 30)
         from max in Gen.Choose(1, window)
         from percent in Gen.Choose(1, 100)
         select new WindowCase(seed, window, max, percent / 100.0)).ToArbitrary();
}
