namespace IndustrialSafeRL.OfflineTrainer.Configuration;

/// <summary>Hyperparameters of the joint search for K policies through model rollouts (DESIGN §5.4).</summary>
public sealed record PolicySearchConfig
{
    /// <summary>Number of policies K trained jointly (default 3).</summary>
    public int Policies { get; init; } = 3;

    /// <summary>Rollout horizon H in steps (default 100, the IB evaluation length).</summary>
    public int Horizon { get; init; } = 100;

    /// <summary>Discount γ (default 0.97).</summary>
    public double Gamma { get; init; } = 0.97;

    /// <summary>Start windows per gradient step (default 128). Rounded up to a multiple of the ensemble size:
    /// each start window is rolled out, by all K policies, in one member.</summary>
    public int StartWindows { get; init; } = 128;

    /// <summary>Share of each step's start windows taken from the logged episode starts, the rest drawn uniformly from
    /// every logged transition. An episode start is where a logged run began: a reset, a
    /// start-up. Steady-state windows dominate a log, so a search from uniform windows alone barely trains the policy
    /// on the transient from a start, where most of a discounted return is earned; these windows are the states a
    /// deployment begins from (the IB protocol's reset state). Spread evenly over members and halves. Default 0.5:
    /// measured on the IB datasets in docs/trainer.md ("Offline quality").</summary>
    public double EpisodeStartShare { get; init; } = 0.5;

    /// <summary>Fewest logged episodes for <see cref="EpisodeStartShare"/> to apply (default 10): below it every start
    /// window is drawn uniformly, since a handful of start-ups (one long plant run has one) would dominate the search.</summary>
    public int EpisodeStartMinimum { get; init; } = 10;

    /// <summary>Gradient steps per iteration (default 600).</summary>
    public int Steps { get; init; } = 600;

    /// <summary>Adam learning rate (default 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Diversity weight α_d on MinLSED, relative to |J| at initialisation (default 0.01).</summary>
    public double AlphaDiversity { get; init; } = 0.01;

    /// <summary>Weight α_u of the model-disagreement penalty, relative to |J| at initialisation (default 0: off).
    /// Pen^u_k = mean over starts of Σ_t γ^t u_t, u_t = Σ over predicted tags of the std over ensemble members of the
    /// next frame (normalised): a policy is held where the models agree, not only inside the per-tag box. Costs M
    /// times the models' forward pass per rollout step.</summary>
    public double AlphaUncertainty { get; init; }

    /// <summary>κ of the ranking (default 0): the exported policies are ranked by the mean over ensemble members of J
    /// from the logged episode starts minus κ standard deviations over the members; κ &gt; 0 prefers a policy the
    /// members agree on. Over 30 IB runs κ = 1 picked the truly best of the K less often than the mean (14 against
    /// 18, docs/trainer.md), so the default ranks by the mean.</summary>
    public double RankingPessimism { get; init; }

    /// <summary>Standard deviation of the noise added to the warm-start weights so the K policies differ (default 0.02).</summary>
    public double WarmStartNoise { get; init; } = 0.02;

    /// <summary>Gradient-norm clip per step (default 10).</summary>
    public double GradientClip { get; init; } = 10.0;

    /// <summary>Roll the step's start windows out in two halves on two threads, one intra-op thread each (default
    /// true; used when the trainer has at least 2 threads and the windows per member split evenly). The loss is a
    /// mean over start windows, so its gradient is the mean of the halves' gradients, summed in a fixed order:
    /// deterministic like the single-threaded step, though not bit-identical to it. It overlaps the per-operation
    /// overhead of the H-step rollout, which intra-op threads cannot.</summary>
    public bool ParallelHalves { get; init; } = true;

    /// <summary>Take the training step's gradient with the hand-written reverse sweep of <see cref="Search.AdjointRollout"/>
    /// instead of autograd (default true; used where it applies: unguided policies, bounds safety or none, no
    /// disagreement term). The same gradient up to float rounding, computed with strided views of one frame buffer
    /// instead of re-concatenated windows and without autograd's per-operation bookkeeping.</summary>
    public bool AdjointSweep { get; init; } = true;

    /// <summary>Policy-search steps between checkpoints (default 100).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        TransitionEnsembleConfig.Require(Policies >= 1, nameof(Policies), "must be at least 1");
        TransitionEnsembleConfig.Require(Horizon >= 1, nameof(Horizon), "must be positive");
        TransitionEnsembleConfig.Require(Gamma is > 0 and <= 1, nameof(Gamma), "must be in (0, 1]");
        TransitionEnsembleConfig.Require(StartWindows >= 1, nameof(StartWindows), "must be positive");
        TransitionEnsembleConfig.Require(EpisodeStartShare is >= 0 and <= 1, nameof(EpisodeStartShare), "must be in [0, 1]");
        TransitionEnsembleConfig.Require(EpisodeStartMinimum >= 1, nameof(EpisodeStartMinimum), "must be positive");
        TransitionEnsembleConfig.Require(Steps >= 0, nameof(Steps), "must be non-negative");
        TransitionEnsembleConfig.Require(LearningRate > 0, nameof(LearningRate), "must be positive");
        TransitionEnsembleConfig.Require(AlphaUncertainty >= 0, nameof(AlphaUncertainty), "must be non-negative");
        TransitionEnsembleConfig.Require(RankingPessimism >= 0, nameof(RankingPessimism), "must be non-negative");
        TransitionEnsembleConfig.Require(AlphaDiversity >= 0, nameof(AlphaDiversity), "must be non-negative");
        TransitionEnsembleConfig.Require(WarmStartNoise >= 0, nameof(WarmStartNoise), "must be non-negative");
        TransitionEnsembleConfig.Require(GradientClip > 0, nameof(GradientClip), "must be positive");
        TransitionEnsembleConfig.Require(CheckpointEvery >= 1, nameof(CheckpointEvery), "must be positive");
    }
}
