using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Guide;

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
            Retrain = Retrain(options.Retrain),
            Guide = Guide(options, iteration, baseline.Search.Steps),
            TrustRegion = TrustRegion(options.TrustRegion),
        };
    }

    /// <summary>The guide's set-point targets for <c>--guide behaviour</c>: the dataset's behaviour controller.</summary>
    public static double[] BehaviourTargets(string behaviour) =>
        BehaviourPolicies.Create(behaviour, 0, 0) is SetPointController c
            ? [c.TargetVelocity, c.TargetGain, c.TargetShift]
            : throw new ArgumentException($"--guide behaviour: no set-point controller for '{behaviour}'", nameof(behaviour));

    private static RetrainConfig Retrain(string? spec)
    {
        if (spec is null)
        {
            return new RetrainConfig();
        }

        return spec.Trim().Equals("on", StringComparison.OrdinalIgnoreCase) ? new RetrainConfig { Enabled = true } : RetrainConfig.Parse(spec);
    }

    // β continues across iterations: iteration i starts where iteration i − 1's schedule ended, so the allowed
    // deviation Φ(1 − β) grows with every deployment.
    private static GuideConfig Guide(DemoOptions options, int iteration, int steps)
    {
        if (options.Guide is not { } spec)
        {
            return new GuideConfig();
        }

        var guide = spec.Trim().Equals("behaviour", StringComparison.OrdinalIgnoreCase)
            ? new GuideConfig { Kind = GuideKind.SetPoint, Targets = BehaviourTargets(options.BehaviourName) }
            : GuideConfig.Parse(spec);
        guide = guide with { BetaEvery = Math.Max(1, steps / 2) };
        var decays = (iteration - 1) * (steps / guide.BetaEvery);
        guide = guide with { BetaStart = guide.BetaStart * Math.Pow(guide.BetaDecay, decays) };
        guide.Validate();
        return guide;
    }

    private static TrustRegionConfig TrustRegion(string? spec)
    {
        if (spec is null)
        {
            return new TrustRegionConfig { Enabled = false };
        }

        return spec.Trim().Equals("on", StringComparison.OrdinalIgnoreCase) ? new TrustRegionConfig() : new TrustRegionConfig().WithSpec(spec);
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
        Ensemble = new TransitionEnsembleConfig { Members = 3, StepsPerEpoch = 60, MaxEpochs = 5, Patience = 2 },
        Safety = new SafetyConfig { BehaviourSteps = 200 },
        Search = new PolicySearchConfig { Horizon = 50, StartWindows = 48, Steps = 60, CheckpointEvery = 20 },
    };
}
