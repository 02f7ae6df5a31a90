namespace IndustrialSafeRL.OfflineTrainer.Configuration;

/// <summary>Which safety model constrains the policy search (DESIGN §5.3).</summary>
public enum SafetyMode
{
    /// <summary>No safety penalty (ablation only).</summary>
    Off,

    /// <summary>(a) Gaussian behaviour model; hinge max(0, δ − log β(a|s)).</summary>
    Likelihood,

    /// <summary>(b) Per-dimension state bounds from data quantiles; squared excess.</summary>
    Bounds,
}

/// <summary>Hyperparameters of the safety model. Bounds and δ are recomputed from all data on every iteration.</summary>
public sealed record SafetyConfig
{
    /// <summary>Safety variant (default <see cref="SafetyMode.Bounds"/>).</summary>
    public SafetyMode Mode { get; init; } = SafetyMode.Bounds;

    /// <summary>Penalty weight α_s, relative to |J| at initialisation (default 1).</summary>
    public double AlphaSafe { get; init; } = 1.0;

    /// <summary>Percentile of log β(a|s) on the data that sets δ (default 5).</summary>
    public double LikelihoodPercentile { get; init; } = 5.0;

    /// <summary>Lower quantile of the state bounds, in percent (default 0.5).</summary>
    public double LowerQuantile { get; init; } = 0.5;

    /// <summary>Upper quantile of the state bounds, in percent (default 99.5).</summary>
    public double UpperQuantile { get; init; } = 99.5;

    /// <summary>Widen the quantile bounds to cover the first frame of every logged run, when the log holds at least
    /// <c>search.episodeStartMinimum</c> runs (default true). A run's
    /// start state (a reset, a start-up) is logged once per episode, so the quantiles trim it as an outlier although
    /// the plant demonstrably starts there; without it a search from episode starts is pushed to rush into the box,
    /// and the shield's data-support guard would refuse the state every deployment begins in.</summary>
    public bool CoverEpisodeStarts { get; init; } = true;

    /// <summary>Hidden widths of the Gaussian behaviour model, also the policy network's (default 64, 64).</summary>
    public int[] BehaviourHiddenSizes { get; init; } = [64, 64];

    /// <summary>Gradient steps of behaviour-model training (default 3000).</summary>
    public int BehaviourSteps { get; init; } = 3000;

    /// <summary>Minibatch size of behaviour-model training (default 256).</summary>
    public int BehaviourBatchSize { get; init; } = 256;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        TransitionEnsembleConfig.Require(AlphaSafe >= 0, nameof(AlphaSafe), "must be non-negative");
        TransitionEnsembleConfig.Require(LikelihoodPercentile is > 0 and < 100, nameof(LikelihoodPercentile), "must be in (0, 100)");
        TransitionEnsembleConfig.Require(LowerQuantile is >= 0 and < 50, nameof(LowerQuantile), "must be in [0, 50)");
        TransitionEnsembleConfig.Require(UpperQuantile is > 50 and <= 100, nameof(UpperQuantile), "must be in (50, 100]");
        TransitionEnsembleConfig.Require(BehaviourHiddenSizes.Length >= 1 && BehaviourHiddenSizes.All(h => h >= 1), nameof(BehaviourHiddenSizes), "needs at least one positive width");
        TransitionEnsembleConfig.Require(BehaviourSteps >= 1, nameof(BehaviourSteps), "must be positive");
        TransitionEnsembleConfig.Require(BehaviourBatchSize >= 1, nameof(BehaviourBatchSize), "must be positive");
    }
}
