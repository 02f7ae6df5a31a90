namespace IndustrialSafeRL.Verification.Bounds;

/// <summary>
/// The outcome of interval bound propagation over a split input box. Fractions are of the box's volume:
/// <see cref="ProvedFraction"/> is where every output is proved inside the limits, <see cref="RefutedFraction"/>
/// where some output is proved outside them at every point, <see cref="UnknownFraction"/> the rest.
/// </summary>
public sealed record BoxVerificationResult
{
    /// <summary>Volume fraction proved safe.</summary>
    public double ProvedFraction { get; init; }

    /// <summary>Volume fraction proved to violate the limits everywhere.</summary>
    public double RefutedFraction { get; init; }

    /// <summary>Volume fraction neither proved nor refuted.</summary>
    public double UnknownFraction { get; init; }

    /// <summary>Uniform samples drawn from the unknown volume.</summary>
    public int UnknownSamples { get; init; }

    /// <summary>Of those, the samples whose exact output violates a limit.</summary>
    public int UnknownViolations { get; init; }

    /// <summary>
    /// Upper bound, holding with probability <see cref="Confidence"/>, on the volume fraction of the box where some
    /// limit is violated: refuted + unknown · (violating share of the samples + Hoeffding margin √(ln(1/δ)/2n)).
    /// </summary>
    public double ViolationUpperBound { get; init; } = 1;

    /// <summary>Confidence of <see cref="ViolationUpperBound"/>.</summary>
    public double Confidence { get; init; }

    /// <summary>Sub-boxes evaluated.</summary>
    public int BoxesEvaluated { get; init; }

    /// <summary>Deepest split level reached.</summary>
    public int DepthReached { get; init; }

    /// <summary>Undecided boxes in which a concrete violating point was found.</summary>
    public int BoxesWithCounterexample { get; init; }

    /// <summary>The worst violating point found, if any.</summary>
    public Counterexample? Counterexample { get; init; }

    /// <summary>The output interval over the whole (unsplit) box.</summary>
    public required IReadOnlyList<double> RootLow { get; init; }

    /// <summary>Upper end of the output interval over the whole box.</summary>
    public required IReadOnlyList<double> RootHigh { get; init; }

    /// <summary>True when the whole box is proved safe.</summary>
    public bool Proved => UnknownFraction == 0 && RefutedFraction == 0 && Counterexample is null;
}

/// <summary>A concrete input inside the box whose exact output violates a limit.</summary>
/// <param name="Point">Coordinates, one per box dimension.</param>
/// <param name="Inputs">The network inputs at that point (flattened per input).</param>
/// <param name="Output">The exact network output there.</param>
/// <param name="OutputIndex">Index of the violated output.</param>
/// <param name="Violation">How far the output lies outside its limit.</param>
public sealed record Counterexample(IReadOnlyList<double> Point, IReadOnlyList<double[]> Inputs, IReadOnlyList<double> Output, int OutputIndex, double Violation);
