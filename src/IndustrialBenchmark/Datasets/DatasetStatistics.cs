using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.IndustrialBenchmark.Datasets;

/// <summary>
/// Size, return statistics and state(-action) coverage of a transition dataset. Coverage counts the unique cells of
/// a <see cref="CoverageGrid"/> that the data visits (the SACo idea of the offline-RL literature: how much of the
/// state-action space the data explores).
/// </summary>
public sealed class DatasetStatistics
{
    private DatasetStatistics()
    {
    }

    /// <summary>Rows.</summary>
    public long Transitions { get; private init; }

    /// <summary>Distinct (run, episode) pairs.</summary>
    public int Episodes { get; private init; }

    /// <summary>Distinct policy ids, in order of appearance.</summary>
    public IReadOnlyList<string> Policies { get; private init; } = [];

    /// <summary>Undiscounted return (sum of rewards) of every episode, in order of appearance.</summary>
    public IReadOnlyList<double> EpisodeReturns { get; private init; } = [];

    /// <summary>Mean reward per step.</summary>
    public double MeanReward { get; private init; }

    /// <summary>Mean episode return.</summary>
    public double MeanReturn { get; private init; }

    /// <summary>Sample standard deviation of the episode returns (0 for one episode).</summary>
    public double ReturnStandardDeviation { get; private init; }

    /// <summary>Smallest episode return.</summary>
    public double MinReturn { get; private init; }

    /// <summary>Largest episode return.</summary>
    public double MaxReturn { get; private init; }

    /// <summary>The grid coverage was counted on.</summary>
    public required CoverageGrid Grid { get; init; }

    /// <summary>Unique observation cells visited.</summary>
    public long UniqueStateCells { get; private init; }

    /// <summary>Unique (observation, action) cells visited.</summary>
    public long UniqueStateActionCells { get; private init; }

    /// <summary>Computes the statistics of <paramref name="rows"/> with <paramref name="grid"/> (one pass, streaming).</summary>
    public static DatasetStatistics Compute(IEnumerable<TransitionRecord> rows, StoreLayout layout, CoverageGrid grid)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate(layout);

        var returns = new Dictionary<(string Run, long Episode), int>();
        var returnList = new List<double>();
        var policies = new List<string>();
        var policySet = new HashSet<string>(StringComparer.Ordinal);
        var states = new HashSet<long>();
        var stateActions = new HashSet<long>();
        long count = 0;
        var rewardSum = 0.0;
        foreach (var row in rows)
        {
            count++;
            rewardSum += row.Reward;
            if (!returns.TryGetValue((row.RunId, row.Episode), out var slot))
            {
                slot = returnList.Count;
                returns.Add((row.RunId, row.Episode), slot);
                returnList.Add(0.0);
            }

            returnList[slot] += row.Reward;
            if (policySet.Add(row.PolicyId))
            {
                policies.Add(row.PolicyId);
            }

            states.Add(grid.Cell(row.Observation, []));
            stateActions.Add(grid.Cell(row.Observation, row.AppliedAction));
        }

        var mean = returnList.Count > 0 ? returnList.Average() : 0.0;
        return new DatasetStatistics
        {
            Grid = grid,
            Transitions = count,
            Episodes = returnList.Count,
            Policies = policies,
            EpisodeReturns = returnList,
            MeanReward = count > 0 ? rewardSum / count : 0.0,
            MeanReturn = mean,
            ReturnStandardDeviation = returnList.Count > 1
                ? Math.Sqrt(returnList.Sum(r => (r - mean) * (r - mean)) / (returnList.Count - 1))
                : 0.0,
            MinReturn = returnList.Count > 0 ? returnList.Min() : 0.0,
            MaxReturn = returnList.Count > 0 ? returnList.Max() : 0.0,
            UniqueStateCells = states.Count,
            UniqueStateActionCells = stateActions.Count,
        };
    }

    /// <summary>
    /// The grid for a layout: the fixed grids of the IB and 2D layouts, else 10 bins per observation and 5 per action over the
    /// ranges observed in <paramref name="rows"/> (a first pass).
    /// </summary>
    public static CoverageGrid GridFor(StoreLayout layout, IEnumerable<TransitionRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(rows);
        if (layout.SameAs(StoreLayout.IndustrialBenchmark))
        {
            return CoverageGrid.IndustrialBenchmark;
        }

        if (layout.SameAs(TwoDimensional.TwoDimensionalTask.Layout))
        {
            return CoverageGrid.TwoDimensional;
        }

        var oLow = Enumerable.Repeat(double.PositiveInfinity, layout.ObservationTags.Count).ToArray();
        var oHigh = Enumerable.Repeat(double.NegativeInfinity, layout.ObservationTags.Count).ToArray();
        var aLow = Enumerable.Repeat(double.PositiveInfinity, layout.ActionTags.Count).ToArray();
        var aHigh = Enumerable.Repeat(double.NegativeInfinity, layout.ActionTags.Count).ToArray();
        foreach (var row in rows)
        {
            Widen(oLow, oHigh, row.Observation);
            Widen(aLow, aHigh, row.AppliedAction);
        }

        return CoverageGrid.FromRanges(oLow, oHigh, aLow, aHigh);
    }

    private static void Widen(double[] low, double[] high, double[] values)
    {
        for (var i = 0; i < values.Length && i < low.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                low[i] = Math.Min(low[i], values[i]);
                high[i] = Math.Max(high[i], values[i]);
            }
        }
    }
}
