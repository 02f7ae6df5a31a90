namespace IndustrialSafeRL.Verification.Gate;

/// <summary>Inputs and settings of <see cref="DeploymentGate"/>. Defaults are documented on each property.</summary>
public sealed record DeploymentGateOptions
{
    /// <summary>The running package to measure the trust region against; null skips that check.</summary>
    public string? AgainstPackage { get; init; }

    /// <summary>Transition store with the recent logged states; required when <see cref="AgainstPackage"/> is given.</summary>
    public string? StorePath { get; init; }

    /// <summary>How many of the most recent rows are measured. Default 2000.</summary>
    public int RecentStates { get; init; } = 2000;

    /// <summary>σ of D(s); null takes the new manifest's trustRegion.sigma.</summary>
    public double? Sigma { get; init; }

    /// <summary>Bound on max D; null takes the new manifest's trustRegion.epsilon.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Random states of the support box on which D is also measured (0: none). Default 1000.</summary>
    public int EnvelopeSamples { get; init; } = 1000;

    /// <summary>Fail the trust region when max D on the random support states exceeds ε too (by default that
    /// figure is informational: the trainer bounds D on logged states only). Default false.</summary>
    public bool EnvelopeStrict { get; init; }

    /// <summary>Largest |ONNX Runtime − test vector| accepted. Default 1e-5.</summary>
    public double TestVectorTolerance { get; init; } = 1e-5;

    /// <summary>Skip interval bound propagation. Default false.</summary>
    public bool SkipBounds { get; init; }

    /// <summary>Most sub-boxes evaluated (the split budget). Default 4096.</summary>
    public int MaxBoxes { get; init; } = 4096;

    /// <summary>Deepest bisection. Default 24.</summary>
    public int MaxDepth { get; init; } = 24;

    /// <summary>How history frames vary inside the box. Default <see cref="FrameMode.Independent"/> (sound).</summary>
    public FrameMode Frames { get; init; } = FrameMode.Independent;

    /// <summary>Observation tags outside dataSupport range over mean ± k·std of the manifest's normalisation;
    /// this is k. Default 3.</summary>
    public double UnsupportedTagStdMultiplier { get; init; } = 3;

    /// <summary>Configured ranges that replace the support (or mean ± k·std) range of the tags they name. Default none.</summary>
    public IReadOnlyList<TagRange> TagRanges { get; init; } = [];

    /// <summary>Lower output limits; null takes the manifest's action.low.</summary>
    public IReadOnlyList<double>? LimitLow { get; init; }

    /// <summary>Upper output limits; null takes the manifest's action.high.</summary>
    public IReadOnlyList<double>? LimitHigh { get; init; }

    /// <summary>Action tags the limits were given for (e.g. from the shield's actuator list); when set they must
    /// equal the manifest's action tags, in order.</summary>
    public IReadOnlyList<string>? LimitTags { get; init; }

    /// <summary>Slack on the limits for float32 rounding (relative to max(1, |limit|)). Default 1e-5.</summary>
    public double LimitTolerance { get; init; } = 1e-5;

    /// <summary>Samples drawn from the unknown volume for the statistical violation bound. Default 2000.</summary>
    public int UnknownSamples { get; init; } = 2000;

    /// <summary>Fail (not just report inconclusive) when part of the box is neither proved nor refuted. Default false.</summary>
    public bool RequireProof { get; init; }

    /// <summary>Seed of the counterexample search. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Every problem with the options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RecentStates < 1)
        {
            errors.Add($"{nameof(RecentStates)}: must be at least 1, is {RecentStates}");
        }

        if (Sigma is { } s && (!(s > 0) || !double.IsFinite(s)))
        {
            errors.Add($"{nameof(Sigma)}: must be positive, is {s}");
        }

        if (Epsilon is { } e && (!(e >= 0) || !double.IsFinite(e)))
        {
            errors.Add($"{nameof(Epsilon)}: must be non-negative, is {e}");
        }

        if (!(TestVectorTolerance >= 0))
        {
            errors.Add($"{nameof(TestVectorTolerance)}: must be non-negative");
        }

        if (MaxBoxes < 1)
        {
            errors.Add($"{nameof(MaxBoxes)}: must be at least 1, is {MaxBoxes}");
        }

        if (MaxDepth is < 0 or > 1000)
        {
            errors.Add($"{nameof(MaxDepth)}: must be between 0 and 1000, is {MaxDepth}");
        }

        if (EnvelopeSamples < 0)
        {
            errors.Add($"{nameof(EnvelopeSamples)}: must be non-negative, is {EnvelopeSamples}");
        }

        if (UnknownSamples < 0)
        {
            errors.Add($"{nameof(UnknownSamples)}: must be non-negative, is {UnknownSamples}");
        }

        if (!(UnsupportedTagStdMultiplier > 0))
        {
            errors.Add($"{nameof(UnsupportedTagStdMultiplier)}: must be positive");
        }

        if ((LimitLow is null) != (LimitHigh is null))
        {
            errors.Add($"{nameof(LimitLow)}/{nameof(LimitHigh)}: give both or neither");
        }

        if (LimitTags is not null && LimitLow is not null && LimitTags.Count != LimitLow.Count)
        {
            errors.Add($"{nameof(LimitTags)}: {LimitTags.Count} tags for {LimitLow.Count} limits");
        }

        if (!(LimitTolerance >= 0))
        {
            errors.Add($"{nameof(LimitTolerance)}: must be non-negative");
        }

        return errors;
    }
}
