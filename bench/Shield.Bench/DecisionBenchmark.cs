using BenchmarkDotNet.Attributes;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Prediction;

namespace IndustrialSafeRL.Shield.Bench;

/// <summary>
/// One shield decision for the IB shape (3 actions, observation (p, v, g, h, f, c)) with every unit active:
/// look-ahead through the IB kinematics, a guide bound, move limits. Three inputs: a passing action,
/// one every corrective unit clamps, and one with a NaN that sheds.
/// </summary>
[MemoryDiagnoser]
// In-process: the repository names assemblies IndustrialSafeRL.<Project>, which the out-of-process toolchain cannot map back to this project.
[InProcess]
[MedianColumn]
[Config(typeof(PercentileConfig))]
public class DecisionBenchmark
{
    private readonly double[] observation = [70, 50, 50, 50, 100, 200];
    private readonly double[] current = [0.1, -0.1, 0.0];
    private readonly double[] guide = [0.0, 0.0, 0.0];
    private readonly double[] action = new double[3];
    private ActionShield shield = null!;
    private ShieldResult result = null!;
    private double[] proposed = null!;

    /// <summary>Which input the decision sees.</summary>
    [Params("pass", "modified", "shed")]
    public string Input { get; set; } = "pass";

    [GlobalSetup]
    public void Setup()
    {
        var options = new ShieldOptions
        {
            Actuators =
            [
                new ActuatorLimits { Tag = "delta_velocity", Min = -1, Max = 1, MaxMovePerCycle = 0.5, OperatorMin = -0.9, OperatorMax = 0.9, IsIncrement = true },
                new ActuatorLimits { Tag = "delta_gain", Min = -1, Max = 1, MaxMovePerCycle = 0.5, OperatorMin = -0.9, OperatorMax = 0.9, IsIncrement = true },
                new ActuatorLimits { Tag = "delta_shift", Min = -1, Max = 1, MaxMovePerCycle = 0.5, OperatorMin = -0.9, OperatorMax = 0.9, IsIncrement = true },
            ],
            // Every "modified" decision intervenes: the latch fires once per 1000 decisions and is reset.
            InterventionWindowCycles = 1000,
            MaxInterventionsInWindow = 1000,
        };
        var envelope = new PolicyEnvelope("bench", [0, 10, 10, 10, 0, 0], [100, 50.3, 90, 90, 1000, 1000], [0.4, 0.4, 0.4]);
        shield = new ActionShield(options, envelope, new IndustrialBenchmarkKinematics());
        result = shield.CreateResult();
        proposed = Input switch
        {
            "pass" => [0.2, -0.2, 0.1],
            "modified" => [0.95, -0.95, 0.7],
            _ => [double.NaN, 0, 0],
        };
    }

    [Benchmark]
    public ShieldVerdict Decide()
    {
        var verdict = shield.Decide(new ShieldInput(observation, proposed, current) { GuideAction = guide }, action, result);
        if (shield.IsLatched)
        {
            shield.Reset();
        }

        return verdict;
    }
}
