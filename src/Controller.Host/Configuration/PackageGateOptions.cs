using IndustrialSafeRL.Verification.Gate;

namespace IndustrialSafeRL.Controller.Host.Configuration;

/// <summary>
/// The deployment gate the host runs before it activates a package, at start and on every
/// <c>POST /policy/activate</c> (section <c>Controller:Gate</c>). It is the gate <c>isrl verify</c> runs, checked
/// against the active package and measured on the host's own transition store. Every option states its default;
/// <see cref="ControllerOptionsValidator"/> checks them on start.
/// </summary>
public sealed class PackageGateOptions
{
    /// <summary>Run the gate. Turn it off only for trials (a warning is logged at every unverified activation). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Least volume fraction of the data-support box that interval bound propagation must prove inside the action
    /// limits, between 0 and 1. Null (the default): no refuted sub-box and no counterexample allowed, undecided
    /// volume is reported but accepted. 1: the whole box must be proved.
    /// </summary>
    public double? MinProvedFraction { get; set; }

    /// <summary>Most recent logged states the trust region is measured on. Default 2000.</summary>
    public int RecentStates { get; set; } = 2000;

    /// <summary>
    /// σ of the trust-region divergence D; null (the default) takes the new manifest's <c>trustRegion.sigma</c>. A
    /// package whose manifest records no trust region fails that check on a hot swap unless this and
    /// <see cref="Epsilon"/> are set.
    /// </summary>
    public double? Sigma { get; set; }

    /// <summary>Bound on max D over the recent states; null (the default) takes the new manifest's <c>trustRegion.epsilon</c>.</summary>
    public double? Epsilon { get; set; }

    /// <summary>Most sub-boxes interval bound propagation evaluates (the split budget). Default 4096.</summary>
    public int MaxBoxes { get; set; } = 4096;

    /// <summary>Deepest bisection of the input box (the split depth). Default 24.</summary>
    public int MaxDepth { get; set; } = 24;

    /// <summary>How history frames vary inside the verified box: Independent (sound for any trajectory) or Same. Default Independent.</summary>
    public FrameMode Frames { get; set; } = FrameMode.Independent;

    /// <summary>Random states of the support box on which the trust region is also measured, for information. Default 1000.</summary>
    public int EnvelopeSamples { get; set; } = 1000;

    /// <summary>Samples drawn from undecided volume for the statistical violation bound. Default 2000.</summary>
    public int UnknownSamples { get; set; } = 2000;

    /// <summary>Largest |ONNX Runtime − test vector| accepted. Default 1e-5.</summary>
    public double TestVectorTolerance { get; set; } = 1e-5;

    /// <summary>The gate's options for one package, checked against <paramref name="againstPackage"/> (null: no
    /// active package, the trust region is skipped) on the states in <paramref name="storePath"/>.</summary>
    public DeploymentGateOptions ToGateOptions(string? againstPackage, string? storePath) => new()
    {
        AgainstPackage = againstPackage,
        StorePath = storePath,
        RecentStates = RecentStates,
        Sigma = Sigma,
        Epsilon = Epsilon,
        MaxBoxes = MaxBoxes,
        MaxDepth = MaxDepth,
        Frames = Frames,
        EnvelopeSamples = EnvelopeSamples,
        UnknownSamples = UnknownSamples,
        TestVectorTolerance = TestVectorTolerance,
        RequireProof = MinProvedFraction >= 1,
    };

    /// <summary>Every problem, each naming the option (relative to <c>Controller:Gate</c>); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MinProvedFraction is { } p && !(p is >= 0 and <= 1))
        {
            errors.Add($"{nameof(MinProvedFraction)}: must be between 0 and 1 (or absent), is {p}");
        }

        if (!Enum.IsDefined(Frames))
        {
            errors.Add($"{nameof(Frames)}: must be Independent or Same, is {Frames}");
        }

        // The remaining fields are the gate's own; its validation names them.
        errors.AddRange(ToGateOptions(null, null).Validate());
        return errors;
    }
}
