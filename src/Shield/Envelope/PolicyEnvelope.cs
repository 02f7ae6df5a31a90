using System.Globalization;

namespace IndustrialSafeRL.Shield.Envelope;

/// <summary>
/// What the active policy package tells the shield: the data-support bounds it was trained under (lo/hi per
/// observation dimension the shield sees) and, when the policy follows a guide, the largest allowed deviation
/// from the guide action per action component. Swapped atomically with the policy
/// (<see cref="ActionShield.SetEnvelope"/>). Immutable: the arrays are copied in.
/// </summary>
public sealed record PolicyEnvelope
{
    private readonly double[] lo;
    private readonly double[] hi;
    private readonly double[]? guideBound;

    /// <summary>Creates and validates an envelope; errors name the field and index at fault.</summary>
    /// <param name="policyId">Identity of the package (for explanations and logs).</param>
    /// <param name="lo">Lower data-support bound per observation dimension (−∞ allowed = unbounded).</param>
    /// <param name="hi">Upper data-support bound per observation dimension (+∞ allowed = unbounded).</param>
    /// <param name="guideDeviationBound">Largest |a − a_guide| per action component, or null without a guide bound.</param>
    public PolicyEnvelope(string policyId, IReadOnlyList<double> lo, IReadOnlyList<double> hi,
        IReadOnlyList<double>? guideDeviationBound = null)
    {
        ArgumentNullException.ThrowIfNull(policyId);
        ArgumentNullException.ThrowIfNull(lo);
        ArgumentNullException.ThrowIfNull(hi);
        var name = $"PolicyEnvelope({policyId})";
        if (lo.Count == 0)
        {
            throw new ArgumentException($"{name}.Lo: at least one observation dimension is required", nameof(lo));
        }

        if (lo.Count != hi.Count)
        {
            throw new ArgumentException($"{name}.Hi: has {hi.Count} values but Lo has {lo.Count}", nameof(hi));
        }

        for (var d = 0; d < lo.Count; d++)
        {
            if (double.IsNaN(lo[d]) || double.IsPositiveInfinity(lo[d]))
            {
                throw new ArgumentException($"{name}.Lo[{d}] ({Show(lo[d])}) must be a number below +∞", nameof(lo));
            }

            if (double.IsNaN(hi[d]) || double.IsNegativeInfinity(hi[d]))
            {
                throw new ArgumentException($"{name}.Hi[{d}] ({Show(hi[d])}) must be a number above −∞", nameof(hi));
            }

            if (lo[d] > hi[d])
            {
                throw new ArgumentException($"{name}: Lo[{d}] ({Show(lo[d])}) > Hi[{d}] ({Show(hi[d])})", nameof(lo));
            }
        }

        if (guideDeviationBound is not null)
        {
            for (var i = 0; i < guideDeviationBound.Count; i++)
            {
                if (double.IsNaN(guideDeviationBound[i]) || guideDeviationBound[i] < 0)
                {
                    throw new ArgumentException(
                        $"{name}.GuideDeviationBound[{i}] ({Show(guideDeviationBound[i])}) must be ≥ 0",
                        nameof(guideDeviationBound));
                }
            }

            guideBound = [.. guideDeviationBound];
        }

        PolicyId = policyId;
        this.lo = [.. lo];
        this.hi = [.. hi];
    }

    /// <summary>Identity of the policy package this envelope belongs to.</summary>
    public string PolicyId { get; }

    /// <summary>Lower data-support bound per observation dimension.</summary>
    public IReadOnlyList<double> Lo => lo;

    /// <summary>Upper data-support bound per observation dimension.</summary>
    public IReadOnlyList<double> Hi => hi;

    /// <summary>Largest allowed |a − a_guide| per action component, or null.</summary>
    public IReadOnlyList<double>? GuideDeviationBound => guideBound;

    /// <summary>Where the guide is trusted (λ(s)); null: everywhere (λ ≡ 1). Needs a guide bound.</summary>
    public GuideConfidenceBox? GuideConfidence { get; init; }

    /// <summary>Number of observation dimensions.</summary>
    public int ObservationLength => lo.Length;

    internal ReadOnlySpan<double> LoSpan => lo;

    internal ReadOnlySpan<double> HiSpan => hi;

    internal ReadOnlySpan<double> GuideBoundSpan => guideBound;

    internal bool HasGuideBound => guideBound is not null;

    /// <summary>Value equality over all fields (records compare arrays by reference otherwise).</summary>
    public bool Equals(PolicyEnvelope? other) =>
        other is not null && PolicyId == other.PolicyId && lo.AsSpan().SequenceEqual(other.lo) &&
        hi.AsSpan().SequenceEqual(other.hi) &&
        (guideBound is null ? other.guideBound is null : other.guideBound is not null && guideBound.AsSpan().SequenceEqual(other.guideBound)) &&
        Equals(GuideConfidence, other.GuideConfidence);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(PolicyId, lo.Length, guideBound?.Length ?? -1);

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
