namespace IndustrialSafeRL.Verification.Bounds;

/// <summary>How hard <see cref="BoxVerifier"/> works. Defaults suit a policy MLP of a few hundred inputs.</summary>
public sealed record BoxVerifierOptions
{
    /// <summary>Most sub-boxes evaluated in total (root included). Default 4096.</summary>
    public int MaxBoxes { get; init; } = 4096;

    /// <summary>Deepest bisection level; a box at this depth is not split further. Default 24.</summary>
    public int MaxDepth { get; init; } = 24;

    /// <summary>Points tried per undecided box to find a counterexample besides its centre, alternately random vertices and random interior points. Default 8.</summary>
    public int SamplesPerBox { get; init; } = 8;

    /// <summary>
    /// Slack on the limits for float32 rounding: an output within Limit ± Tolerance·max(1, |Limit|) counts as
    /// inside, and a counterexample must exceed that. Default 1e-5.
    /// </summary>
    public double Tolerance { get; init; } = 1e-5;

    /// <summary>Uniform samples drawn from the unknown volume for the statistical violation bound. Default 2000.</summary>
    public int UnknownSamples { get; init; } = 2000;

    /// <summary>Confidence of the statistical violation bound. Default 0.95.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Seed of the sampling (the result is deterministic for a seed). Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bad option.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBoxes, 1, nameof(MaxBoxes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDepth, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDepth, 1000, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfNegative(SamplesPerBox, nameof(SamplesPerBox));
        ArgumentOutOfRangeException.ThrowIfNegative(UnknownSamples, nameof(UnknownSamples));
        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "must lie strictly between 0 and 1");
        }

        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "must be a finite non-negative number");
        }
    }
}
