using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.IndustrialBenchmark.Datasets;

/// <summary>
/// The discretisation behind the state-action coverage (SACo) of a dataset: each observation and action
/// dimension is cut into equal bins over [low, high] (values outside go to the edge bins); a dimension with 0 bins
/// is ignored (e.g. the noisy fatigue and consumption).
/// </summary>
public sealed record CoverageGrid(
    IReadOnlyList<double> ObservationLow, IReadOnlyList<double> ObservationHigh, IReadOnlyList<int> ObservationBins,
    IReadOnlyList<double> ActionLow, IReadOnlyList<double> ActionHigh, IReadOnlyList<int> ActionBins)
{
    /// <summary>IB: setpoint, velocity, gain, shift in 10 bins over [0, 100]; fatigue and consumption ignored; actions in 5 bins over [−1, 1].</summary>
    public static CoverageGrid IndustrialBenchmark { get; } = new(
        [0, 0, 0, 0, 0, 0], [100, 100, 100, 100, 1, 1], [10, 10, 10, 10, 0, 0],
        [-1, -1, -1], [1, 1, 1], [5, 5, 5]);

    /// <summary>The 2D task: x and y in 10 bins over [0, 10]; actions in 5 bins over [−1, 1].</summary>
    public static CoverageGrid TwoDimensional { get; } = new([0, 0], [10, 10], [10, 10], [-1, -1], [1, 1], [5, 5]);

    /// <summary>Observation cells (product of the used observation bins).</summary>
    public long StateCells => Product(ObservationBins);

    /// <summary>State-action cells.</summary>
    public long StateActionCells => StateCells * Product(ActionBins);

    /// <summary>A grid over observed ranges: <paramref name="observationBins"/> per observation, <paramref name="actionBins"/> per action.</summary>
    public static CoverageGrid FromRanges(
        double[] observationLow, double[] observationHigh, double[] actionLow, double[] actionHigh, int observationBins = 10, int actionBins = 5) =>
        new(observationLow, observationHigh, Enumerable.Repeat(observationBins, observationLow.Length).ToArray(),
            actionLow, actionHigh, Enumerable.Repeat(actionBins, actionLow.Length).ToArray());

    /// <summary>Throws <see cref="ArgumentException"/> if the grid does not fit the layout or has too many cells to index.</summary>
    public void Validate(StoreLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (ObservationLow.Count != layout.ObservationTags.Count || ObservationHigh.Count != layout.ObservationTags.Count
            || ObservationBins.Count != layout.ObservationTags.Count)
        {
            throw new ArgumentException($"coverage grid: {layout.ObservationTags.Count} observation dimensions expected", nameof(layout));
        }

        if (ActionLow.Count != layout.ActionTags.Count || ActionHigh.Count != layout.ActionTags.Count || ActionBins.Count != layout.ActionTags.Count)
        {
            throw new ArgumentException($"coverage grid: {layout.ActionTags.Count} action dimensions expected", nameof(layout));
        }

        double cells = 1;
        foreach (var b in ObservationBins.Concat(ActionBins))
        {
            if (b < 0)
            {
                throw new ArgumentException("coverage grid: bins must not be negative", nameof(layout));
            }

            cells *= Math.Max(b, 1);
        }

        if (cells > (1L << 62))
        {
            throw new ArgumentException("coverage grid: too many cells to index", nameof(layout));
        }
    }

    /// <summary>The cell index of an observation (and, if given, an action) in mixed radix.</summary>
    public long Cell(ReadOnlySpan<double> observation, ReadOnlySpan<double> action)
    {
        long index = 0;
        for (var d = 0; d < observation.Length; d++)
        {
            index = Accumulate(index, observation[d], ObservationLow[d], ObservationHigh[d], ObservationBins[d]);
        }

        for (var d = 0; d < action.Length; d++)
        {
            index = Accumulate(index, action[d], ActionLow[d], ActionHigh[d], ActionBins[d]);
        }

        return index;
    }

    private static long Accumulate(long index, double value, double low, double high, int bins)
    {
        if (bins == 0)
        {
            return index;
        }

        var width = (high - low) / bins;
        var bin = width > 0 && double.IsFinite(value) ? (int)Math.Floor((value - low) / width) : 0;
        return (index * bins) + Math.Clamp(bin, 0, bins - 1);
    }

    private static long Product(IReadOnlyList<int> bins) => bins.Aggregate(1L, (p, b) => b == 0 ? p : p * b);
}
