namespace IndustrialSafeRL.OfflineTrainer.Configuration;

/// <summary>Guaranteed trust region between successive deployed policies (FixPO, DESIGN §5.5): the change
/// D(s) = ‖π_new(s) − π_old(s)‖²/(2σ²) on normalised actions in [-1, 1] is penalised by a learned multiplier β during
/// the search and then driven below ε by a fixup phase, on every logged state. Active only when the iteration
/// warm-starts from a previous run (the predecessor) and <see cref="Enabled"/> is true.</summary>
public sealed record TrustRegionConfig
{
    /// <summary>Apply the trust region when there is a predecessor (default true).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>ε_KL, the bound on max D over all logged states (default 0.5: with σ = 0.1 an action moves by at
    /// most σ·√(2ε) = 0.1 of the normalised range's half-width, in Euclidean norm).</summary>
    public double Epsilon { get; init; } = 0.5;

    /// <summary>σ of the fixed-σ Gaussians whose KL D is, in normalised action units (default 0.1).</summary>
    public double Sigma { get; init; } = 0.1;

    /// <summary>C_β &gt; 1: β rises while max D on a minibatch exceeds ε/C_β, so the main phase aims inside the
    /// region and leaves the fixup little to do (default 2, the FixPO code's value).</summary>
    public double CBeta { get; init; } = 2.0;

    /// <summary>β at the start of the main phase, relative to |J| at initialisation like α_s (default 1, FixPO's β₀).</summary>
    public double InitialBeta { get; init; } = 1.0;

    /// <summary>Adam learning rate of β on L_β = β·(ε − C_β·max D) (default 0.01, FixPO's).</summary>
    public double BetaLearningRate { get; init; } = 0.01;

    /// <summary>Logged windows per main-phase step on which mean D and max D are taken (default 256).</summary>
    public int Batch { get; init; } = 256;

    /// <summary>Logged windows per fixup minibatch (default 1024, FixPO's).</summary>
    public int FixupBatch { get; init; } = 1024;

    /// <summary>Most fixup gradient steps before training fails with an error (default 5000).</summary>
    public int MaxFixupSteps { get; init; } = 5000;

    /// <summary>Adam learning rate of the fixup; null (default) takes the search's.</summary>
    public double? FixupLearningRate { get; init; }

    /// <summary>The fixup drives max D to ≤ (1 − slack)·ε so that float32 differences between TorchSharp and
    /// ONNX Runtime cannot push the gate's re-measurement over ε (default 0.001).</summary>
    public double FixupSlack { get; init; } = 1e-3;

    /// <summary>Which previous policy each new policy k is held to. Null (default): its own warm-start source,
    /// the previous run's policy k. A number j: the previous run's policy j for every k (e.g. the deployed one).</summary>
    public int? Predecessor { get; init; }

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        TransitionEnsembleConfig.Require(Epsilon > 0 && double.IsFinite(Epsilon), nameof(Epsilon), "must be positive");
        TransitionEnsembleConfig.Require(Sigma > 0 && double.IsFinite(Sigma), nameof(Sigma), "must be positive");
        TransitionEnsembleConfig.Require(CBeta >= 1 && double.IsFinite(CBeta), nameof(CBeta), "must be at least 1");
        TransitionEnsembleConfig.Require(InitialBeta >= 0 && double.IsFinite(InitialBeta), nameof(InitialBeta), "must be non-negative");
        TransitionEnsembleConfig.Require(BetaLearningRate > 0 && double.IsFinite(BetaLearningRate), nameof(BetaLearningRate), "must be positive");
        TransitionEnsembleConfig.Require(Batch >= 1, nameof(Batch), "must be positive");
        TransitionEnsembleConfig.Require(FixupBatch >= 1, nameof(FixupBatch), "must be positive");
        TransitionEnsembleConfig.Require(MaxFixupSteps >= 0, nameof(MaxFixupSteps), "must be non-negative");
        TransitionEnsembleConfig.Require(FixupLearningRate is null or > 0, nameof(FixupLearningRate), "must be positive");
        TransitionEnsembleConfig.Require(FixupSlack is >= 0 and < 1, nameof(FixupSlack), "must be in [0, 1)");
        TransitionEnsembleConfig.Require(Predecessor is null or >= 0, nameof(Predecessor), "must be a policy index (0-based)");
    }

    /// <summary>Parses the CLI form <c>eps[,sigma]</c> or <c>off</c>; throws naming the part at fault.</summary>
    public TrustRegionConfig WithSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return this with { Enabled = false };
        }

        var parts = spec.Split(',');
        if (parts.Length > 2)
        {
            throw new ArgumentException($"--trust-region '{spec}': expected eps[,sigma] or off");
        }

        static double Parse(string text, string what, string spec) =>
            double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new ArgumentException($"--trust-region '{spec}': {what} '{text}' is not a number");

        var result = this with { Enabled = true, Epsilon = Parse(parts[0], "eps", spec) };
        if (parts.Length == 2)
        {
            result = result with { Sigma = Parse(parts[1], "sigma", spec) };
        }

        result.Validate();
        return result;
    }
}
