using System.Globalization;

namespace IndustrialSafeRL.Shield.Envelope;

/// <summary>
/// Where the active policy trusts its guide: λ(s) = clip(1 − Σ_j (max(0, Low_j − x_j) + max(0, x_j − High_j)) / Ramp_j, 0, 1)
/// over some observation dimensions x (the shield's order, raw units). The guide-deviation bound holds in full where
/// λ = 1 and widens to <see cref="FreeBound"/> where λ = 0: bound(s) = λ·bound + (1 − λ)·free. Immutable.
/// </summary>
public sealed record GuideConfidenceBox
{
    private readonly int[] index;
    private readonly double[] low;
    private readonly double[] high;
    private readonly double[] ramp;
    private readonly double[] free;

    /// <summary>Creates and validates a box; errors name the field and index at fault.</summary>
    /// <param name="observationIndex">Shield observation dimension of each box tag.</param>
    /// <param name="low">Lower edge per box tag.</param>
    /// <param name="high">Upper edge per box tag.</param>
    /// <param name="ramp">Distance outside the box over which λ falls to 0, per box tag (positive).</param>
    /// <param name="freeBound">Largest |a − a_guide| per action where λ = 0 (the action's full range).</param>
    public GuideConfidenceBox(IReadOnlyList<int> observationIndex, IReadOnlyList<double> low, IReadOnlyList<double> high,
        IReadOnlyList<double> ramp, IReadOnlyList<double> freeBound)
    {
        ArgumentNullException.ThrowIfNull(observationIndex);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(ramp);
        ArgumentNullException.ThrowIfNull(freeBound);
        var n = observationIndex.Count;
        if (n == 0)
        {
            throw new ArgumentException("GuideConfidenceBox.ObservationIndex: at least one dimension is required", nameof(observationIndex));
        }

        if (low.Count != n || high.Count != n || ramp.Count != n)
        {
            throw new ArgumentException($"GuideConfidenceBox: Low, High and Ramp must hold {n} values (one per box dimension), hold {low.Count}, {high.Count}, {ramp.Count}", nameof(low));
        }

        for (var j = 0; j < n; j++)
        {
            if (observationIndex[j] < 0)
            {
                throw new ArgumentException($"GuideConfidenceBox.ObservationIndex[{j}] ({observationIndex[j]}) must be ≥ 0", nameof(observationIndex));
            }

            if (!(double.IsFinite(low[j]) && double.IsFinite(high[j]) && low[j] <= high[j]))
            {
                throw new ArgumentException($"GuideConfidenceBox.Low[{j}] ({Show(low[j])}) must be finite and ≤ High[{j}] ({Show(high[j])})", nameof(low));
            }

            if (!(ramp[j] > 0 && double.IsFinite(ramp[j])))
            {
                throw new ArgumentException($"GuideConfidenceBox.Ramp[{j}] ({Show(ramp[j])}) must be positive and finite", nameof(ramp));
            }
        }

        for (var i = 0; i < freeBound.Count; i++)
        {
            if (!(freeBound[i] >= 0))
            {
                throw new ArgumentException($"GuideConfidenceBox.FreeBound[{i}] ({Show(freeBound[i])}) must be ≥ 0", nameof(freeBound));
            }
        }

        index = [.. observationIndex];
        this.low = [.. low];
        this.high = [.. high];
        this.ramp = [.. ramp];
        free = [.. freeBound];
    }

    /// <summary>Shield observation dimension of each box tag.</summary>
    public IReadOnlyList<int> ObservationIndex => index;

    /// <summary>Largest allowed |a − a_guide| per action where λ = 0.</summary>
    public IReadOnlyList<double> FreeBound => free;

    /// <summary>Highest observation dimension the box reads.</summary>
    public int MaxObservationIndex => index.Max();

    /// <summary>λ for a raw observation (shield order); NaN observations give λ = 0 (no trust in the guide).</summary>
    public double Lambda(ReadOnlySpan<double> observation)
    {
        var excess = 0.0;
        for (var j = 0; j < index.Length; j++)
        {
            var x = observation[index[j]];
            if (double.IsNaN(x))
            {
                return 0;
            }

            excess += (Math.Max(0, low[j] - x) + Math.Max(0, x - high[j])) / ramp[j];
        }

        return Math.Clamp(1 - excess, 0, 1);
    }

    /// <summary>The bound on action <paramref name="i"/> at confidence <paramref name="lambda"/>, given its bound
    /// where the guide is trusted.</summary>
    public double Bound(int i, double lambda, double confident) =>
        lambda >= 1 ? confident : lambda <= 0 ? free[i] : (lambda * confident) + ((1 - lambda) * free[i]);

    /// <summary>Value equality over all fields.</summary>
    public bool Equals(GuideConfidenceBox? other) =>
        other is not null && index.AsSpan().SequenceEqual(other.index) && low.AsSpan().SequenceEqual(other.low) &&
        high.AsSpan().SequenceEqual(other.high) && ramp.AsSpan().SequenceEqual(other.ramp) && free.AsSpan().SequenceEqual(other.free);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(index.Length, free.Length);

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
