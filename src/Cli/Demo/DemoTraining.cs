using IndustrialSafeRL.OfflineTrainer.Configuration;

namespace IndustrialSafeRL.Cli.Demo;

/// <summary>
/// The trainer settings the demo uses per iteration: the trainer's defaults scaled so that a default demo (4
/// iterations) fits in 15 minutes on 2 cores and a quick one in about 2 minutes.
/// </summary>
public static class DemoTraining
{
    /// <summary>The configuration of iteration <paramref name="iteration"/> (seeded per iteration).</summary>
    public static TrainerConfig Config(DemoOptions options, int iteration)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seed = options.Seed + (1000L * iteration);
        var baseline = options.Quick ? Quick : Default;
        return baseline with
        {
            Seed = seed,
            Search = baseline.Search with
            {
                Policies = options.Policies,
                AlphaDiversity = options.AlphaDiversity ?? baseline.Search.AlphaDiversity,
            },
        };
    }

    /// <summary>The default demo's per-iteration training.</summary>
    public static TrainerConfig Default { get; } = new()
    {
        Ensemble = new TransitionEnsembleConfig { Members = 3, StepsPerEpoch = 150, MaxEpochs = 10, Patience = 3 },
        Safety = new SafetyConfig { BehaviourSteps = 800 },
        Search = new PolicySearchConfig { Horizon = 100, StartWindows = 96, Steps = 200, CheckpointEvery = 50 },
    };

    /// <summary>The quick demo's per-iteration training.</summary>
    public static TrainerConfig Quick { get; } = new()
    {
        Ensemble = new TransitionEnsembleConfig { Members = 2, StepsPerEpoch = 40, MaxEpochs = 3, Patience = 2 },
        Safety = new SafetyConfig { BehaviourSteps = 100 },
        Search = new PolicySearchConfig { Horizon = 30, StartWindows = 32, Steps = 20, CheckpointEvery = 10 },
    };
}
