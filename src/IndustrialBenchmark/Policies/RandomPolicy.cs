using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Policies;

/// <summary>The fully random behaviour: every component uniform in [−1, 1] (a = 2U − 1).</summary>
public sealed class RandomPolicy(IRandomSource random) : IIndustrialBenchmarkPolicy
{
    private readonly IRandomSource _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public void Reset()
    {
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<double> history, Span<double> action)
    {
        PolicyArguments.Check(history, action);
        Draw(_random, action);
    }

    internal static void Draw(IRandomSource random, Span<double> action)
    {
        for (var i = 0; i < action.Length; i++)
        {
            action[i] = (2.0 * random.Uniform()) - 1.0;
        }
    }
}
