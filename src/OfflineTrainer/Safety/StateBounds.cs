using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;

namespace IndustrialSafeRL.OfflineTrainer.Safety;

/// <summary>Safety (b) and the data-support box: per-tag lower/upper quantiles of every logged observation, in raw units,
/// optionally widened to cover the first frame of every logged run (<see cref="SafetyConfig.CoverEpisodeStarts"/>).</summary>
/// <param name="Tags">Observation tags.</param>
/// <param name="Low">Lower bound per tag.</param>
/// <param name="High">Upper bound per tag.</param>
public sealed record StateBounds(string[] Tags, double[] Low, double[] High)
{
    /// <summary>True when <see cref="FromData"/> widened the quantiles to the run starts.</summary>
    public bool CoversRunStarts { get; init; }

    /// <summary>Quantile bounds of all frames of the data, widened to the run starts when
    /// <see cref="SafetyConfig.CoverEpisodeStarts"/> is on and the data hold at least <paramref name="minimumRuns"/>
    /// of them (the search's <c>episodeStartMinimum</c>: with fewer, the search does not start there either, and a
    /// one-off start state stays outside the support like any other rare state).</summary>
    public static StateBounds FromData(TrainingDataset data, SafetyConfig config, int minimumRuns = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var runStarts = data.Episodes.Where(e => e.StartsRun && e.Frames.Length > 0).Select(e => e.Frames[0]).ToArray();
        var cover = config.CoverEpisodeStarts && runStarts.Length >= minimumRuns;
        var d = data.ObservationTags.Count;
        var low = new double[d];
        var high = new double[d];
        for (var i = 0; i < d; i++)
        {
            var column = data.Episodes.SelectMany(e => e.Frames).Select(f => f[i]).Order().ToArray();
            low[i] = BehaviourModel.Quantile(column, config.LowerQuantile / 100);
            high[i] = BehaviourModel.Quantile(column, config.UpperQuantile / 100);
            if (cover)
            {
                foreach (var start in runStarts)
                {
                    low[i] = Math.Min(low[i], start[i]);
                    high[i] = Math.Max(high[i], start[i]);
                }
            }
        }

        return new StateBounds([.. data.ObservationTags], low, high) { CoversRunStarts = cover };
    }

    /// <summary>The bounds in the layout's normalised units.</summary>
    public (float[] Low, float[] High) Normalised(PlantLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var lo = new float[Low.Length];
        var hi = new float[High.Length];
        for (var i = 0; i < Low.Length; i++)
        {
            lo[i] = (float)((Low[i] - layout.ObservationMean[i]) / layout.ObservationStd[i]);
            hi[i] = (float)((High[i] - layout.ObservationMean[i]) / layout.ObservationStd[i]);
        }

        return (lo, hi);
    }
}
