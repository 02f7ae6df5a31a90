namespace IndustrialSafeRL.Shield.Limits;

/// <summary>
/// Operator limits, one [Min, Max] per action component, changeable at run time through
/// <see cref="ActionShield.SetOperatorLimits"/>. Immutable: the arrays are copied in.
/// </summary>
public sealed record OperatorLimits
{
    private readonly double[] min;
    private readonly double[] max;

    /// <summary>Creates operator limits from per-action minimum and maximum values (copied).</summary>
    public OperatorLimits(IReadOnlyList<double> min, IReadOnlyList<double> max)
    {
        ArgumentNullException.ThrowIfNull(min);
        ArgumentNullException.ThrowIfNull(max);
        if (min.Count != max.Count)
        {
            throw new ArgumentException($"operator limits: Min has {min.Count} values but Max has {max.Count}", nameof(max));
        }

        this.min = [.. min];
        this.max = [.. max];
    }

    /// <summary>Per-action minimum.</summary>
    public IReadOnlyList<double> Min => min;

    /// <summary>Per-action maximum.</summary>
    public IReadOnlyList<double> Max => max;

    /// <summary>Number of action components.</summary>
    public int Count => min.Length;

    internal ReadOnlySpan<double> MinSpan => min;

    internal ReadOnlySpan<double> MaxSpan => max;

    /// <summary>Value equality over the limits (records compare arrays by reference otherwise).</summary>
    public bool Equals(OperatorLimits? other) =>
        other is not null && min.AsSpan().SequenceEqual(other.min) && max.AsSpan().SequenceEqual(other.max);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in min)
        {
            hash.Add(v);
        }

        foreach (var v in max)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
