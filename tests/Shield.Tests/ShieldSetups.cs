using IndustrialSafeRL.Shield;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Prediction;

namespace IndustrialSafeRL.Shield.Tests;

/// <summary>Small, readable shields for unit tests: 3 absolute actuators and an IB-shaped observation.</summary>
internal static class ShieldSetups
{
    public static readonly string[] Tags = ["velocity", "gain", "shift"];

    /// <summary>Engineering [0, 100], move 10 per cycle, operator [10, 90], no rate limit on nothing else.</summary>
    public static ShieldOptions AbsoluteOptions(int window = 100, int maxInWindow = 100, OutOfSupportBehaviour outOfSupport = OutOfSupportBehaviour.Shed) => new()
    {
        Actuators =
        [
            .. Tags.Select(t => new ActuatorLimits { Tag = t, Min = 0, Max = 100, MaxMovePerCycle = 10, OperatorMin = 10, OperatorMax = 90 }),
        ],
        InterventionWindowCycles = window,
        MaxInterventionsInWindow = maxInWindow,
        DataSupportMargin = 0.1,
        OutOfSupport = outOfSupport,
    };

    /// <summary>The IB's delta actions: [−1, 1], increments, no rate limit.</summary>
    public static ShieldOptions IndustrialBenchmarkOptions(int window = 100, int maxInWindow = 100) => new()
    {
        Actuators =
        [
            new ActuatorLimits { Tag = "delta_velocity", Min = -1, Max = 1, IsIncrement = true },
            new ActuatorLimits { Tag = "delta_gain", Min = -1, Max = 1, IsIncrement = true },
            new ActuatorLimits { Tag = "delta_shift", Min = -1, Max = 1, IsIncrement = true },
        ],
        InterventionWindowCycles = window,
        MaxInterventionsInWindow = maxInWindow,
    };

    /// <summary>Support (p, v, g, h, f, c) wide enough that only the test's own dimension matters.</summary>
    public static PolicyEnvelope WideEnvelope(IReadOnlyList<double>? guideBound = null) =>
        new("wide", [0, 0, 0, 0, 0, 0], [100, 100, 100, 100, 1000, 1000], guideBound);

    public static ActionShield Absolute(PolicyEnvelope? envelope = null, IStatePredictor? predictor = null,
        int window = 100, int maxInWindow = 100, OutOfSupportBehaviour outOfSupport = OutOfSupportBehaviour.Shed) =>
        new(AbsoluteOptions(window, maxInWindow, outOfSupport), envelope ?? WideEnvelope(), predictor);

    /// <summary>A mid-range IB observation (p, v, g, h, f, c).</summary>
    public static double[] Observation() => [70, 50, 50, 50, 100, 200];

    public static (ShieldVerdict Verdict, double[] Action, ShieldResult Result) Decide(
        ActionShield shield, double[] observation, double[] proposed, double[] current, double[]? guide = null, bool stale = false)
    {
        var action = new double[shield.ActionCount];
        var result = shield.CreateResult();
        var input = new ShieldInput(observation, proposed, current) { GuideAction = guide, IsStale = stale };
        var verdict = shield.Decide(input, action, result);
        return (verdict, action, result);
    }

    public static ShieldReasonCode[] Codes(ShieldResult result) => [.. result.Interventions.ToArray().Select(i => i.Code)];
}
