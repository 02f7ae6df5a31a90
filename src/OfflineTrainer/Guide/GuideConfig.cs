using IndustrialSafeRL.OfflineTrainer.Configuration;

namespace IndustrialSafeRL.OfflineTrainer.Guide;

/// <summary>Which existing controller the policies perturb (DESIGN §5.5, local guide / PAG).</summary>
public enum GuideKind
{
    /// <summary>No guide: the policy acts alone.</summary>
    None,

    /// <summary>Configured set-point controller a = clip((target − x)/scale, −1, 1) per action tag.</summary>
    SetPoint,

    /// <summary>Configured PID over the history window (see <see cref="PidGuide"/>).</summary>
    Pid,

    /// <summary>The plant's own controller, read from a PLC tag at run time (an extra policy input). In training
    /// a set-point controller fitted to the logged actions stands in for it (see <see cref="SetPointFit"/>).</summary>
    Tag,
}

/// <summary>The local guide of the policy search: action = a_guide(s) + Φ(1−β)·tanh(ξ_θ(s, a_guide)), clipped to
/// [−1, 1] (normalised action units), with β = <see cref="BetaStart"/>·<see cref="BetaDecay"/>^⌊t/<see cref="BetaEvery"/>⌋
/// at search step t. Guide actions are in normalised action units (−1 = the action's lower bound, +1 its upper).</summary>
public sealed record GuideConfig
{
    /// <summary>Guide kind (default <see cref="GuideKind.None"/>).</summary>
    public GuideKind Kind { get; init; } = GuideKind.None;

    /// <summary>Controlled observation tag per action tag (same order as the action tags). Null: the IB's
    /// velocity, gain, shift for delta_velocity, delta_gain, delta_shift.</summary>
    public string[]? ObservationTags { get; init; }

    /// <summary>Target per action tag (raw units of its observation tag); required for set-point and PID
    /// (IB mediocre controller: 25, 25, 25).</summary>
    public double[]? Targets { get; init; }

    /// <summary>Set-point divisor per action tag: one unit of action per <c>scale</c> raw units of error.
    /// Null: the IB's 1, 10, 5.75 on an IB layout, otherwise 1.</summary>
    public double[]? Scales { get; init; }

    /// <summary>PID proportional gain per action tag (per raw unit of error). Null: 1/<see cref="Scales"/>.</summary>
    public double[]? Kp { get; init; }

    /// <summary>PID integral gain per action tag, on the error summed over the history window. Null: zeros.</summary>
    public double[]? Ki { get; init; }

    /// <summary>PID derivative gain per action tag, on the last frame-to-frame change of the error. Null: zeros.</summary>
    public double[]? Kd { get; init; }

    /// <summary>Φ: the largest deviation from the guide once β has decayed to 0, normalised action units (default 0.5).</summary>
    public double Phi { get; init; } = 0.5;

    /// <summary>β at the first search step (default 1: the policy starts as the guide exactly).</summary>
    public double BetaStart { get; init; } = 1.0;

    /// <summary>Factor on β per schedule step (default 0.9; 1 keeps β fixed).</summary>
    public double BetaDecay { get; init; } = 0.9;

    /// <summary>Search steps per schedule step (default 100).</summary>
    public int BetaEvery { get; init; } = 100;

    /// <summary>Confidence λ(s) of the guide (RLLG): null = λ ≡ 1, the guide is trusted everywhere and every action
    /// stays within Φ(1−β) of it; a box = λ = 1 inside it, a free policy outside (see <see cref="GuideConfidenceConfig"/>).</summary>
    public GuideConfidenceConfig? Confidence { get; init; }

    /// <summary>Guide floor (default true): after the search a policy the model rates below its guide by more than
    /// <see cref="FloorTolerance"/> is pulled towards it until it is not (see <see cref="GuideFloor"/>).</summary>
    public bool Floor { get; init; } = true;

    /// <summary>How far below the guide's model-estimated return a policy may be rated before the floor pulls it,
    /// as a fraction of |J_guide| (default 0.01): differences the models cannot resolve are not acted on.</summary>
    public double FloorTolerance { get; init; } = 0.01;

    /// <summary>True when a guide is configured.</summary>
    public bool Enabled => Kind != GuideKind.None;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        TransitionEnsembleConfig.Require(Phi is > 0 and <= 2, "Guide.Phi", "must be in (0, 2]");
        TransitionEnsembleConfig.Require(BetaStart is >= 0 and <= 1, "Guide.BetaStart", "must be in [0, 1]");
        TransitionEnsembleConfig.Require(BetaDecay is > 0 and <= 1, "Guide.BetaDecay", "must be in (0, 1]");
        TransitionEnsembleConfig.Require(BetaEvery >= 1, "Guide.BetaEvery", "must be at least 1");
        if (Kind is GuideKind.SetPoint or GuideKind.Pid)
        {
            TransitionEnsembleConfig.Require(Targets is { Length: > 0 } && Targets.All(double.IsFinite), "Guide.Targets", "must hold one finite target per action tag");
        }

        Confidence?.Validate();
        TransitionEnsembleConfig.Require(FloorTolerance is >= 0 and < 1, "Guide.FloorTolerance", "must be in [0, 1)");
        CheckLength(ObservationTags?.Length, Targets?.Length, "Guide.ObservationTags");
        CheckLength(Scales?.Length, Targets?.Length, "Guide.Scales");
        CheckLength(Kp?.Length, Targets?.Length, "Guide.Kp");
        CheckLength(Ki?.Length, Targets?.Length, "Guide.Ki");
        CheckLength(Kd?.Length, Targets?.Length, "Guide.Kd");
        TransitionEnsembleConfig.Require(Scales is null || Scales.All(s => s > 0 && double.IsFinite(s)), "Guide.Scales", "must be positive and finite");
        foreach (var (gains, name) in new[] { (Kp, "Guide.Kp"), (Ki, "Guide.Ki"), (Kd, "Guide.Kd") })
        {
            TransitionEnsembleConfig.Require(gains is null || gains.All(double.IsFinite), name, "must be finite");
        }
    }

    /// <summary>β at search step <paramref name="step"/>.</summary>
    public double BetaAt(int step) => BetaStart * Math.Pow(BetaDecay, Math.Max(0, step) / BetaEvery);

    /// <summary>The allowed deviation Φ(1−β) at search step <paramref name="step"/> (normalised action units).</summary>
    public double BoundAt(int step) => Phi * (1 - BetaAt(step));

    /// <summary>Parses the CLI form <c>setpoint:25,25,25</c>, <c>pid:25,25,25</c>, <c>tag</c> or <c>none</c>.</summary>
    public static GuideConfig Parse(string text, GuideConfig? basis = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        basis ??= new GuideConfig();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kindText = (colon < 0 ? text : text[..colon]).Trim();
        var kind = kindText.ToLowerInvariant() switch
        {
            "none" or "off" => GuideKind.None,
            "setpoint" => GuideKind.SetPoint,
            "pid" => GuideKind.Pid,
            "tag" => GuideKind.Tag,
            _ => throw new ArgumentException($"--guide: unknown kind '{kindText}' (setpoint:<targets> | pid:<targets> | tag | none)", nameof(text)),
        };
        double[]? targets = basis.Targets;
        if (colon >= 0)
        {
            var parts = text[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
            targets = new double[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out targets[i]))
                {
                    throw new ArgumentException($"--guide: target {i + 1} '{parts[i]}' is not a number", nameof(text));
                }
            }
        }

        return basis with { Kind = kind, Targets = targets };
    }

    private static void CheckLength(int? length, int? expected, string name) =>
        TransitionEnsembleConfig.Require(length is null || expected is null || length == expected, name, $"must hold {expected} values, one per target");
}
