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
    /// <summary>Quantile bounds of all frames of the data.</summary>
    public static StateBounds FromData(TrainingDataset data, SafetyConfig config)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var d = data.ObservationTags.Count;
        var low = new double[d];
        var high = new double[d];
        for (var i = 0; i < d; i++)
        {
            var column = data.Episodes.SelectMany(e => e.Frames).Select(f => f[i]).Order().ToArray();
            low[i] = BehaviourModel.Quantile(column, config.LowerQuantile / 100);
            high[i] = BehaviourModel.Quantile(column, config.UpperQuantile / 100);
            if (config.CoverEpisodeStarts)
            {
                foreach (var episode in data.Episodes.Where(e => e.StartsRun && e.Frames.Length > 0))
                {
                    low[i] = Math.Min(low[i], episode.Frames[0][i]);
                    high[i] = Math.Max(high[i], episode.Frames[0][i]);
                }
            }
        }

        return new StateBounds([.. data.ObservationTags], low, high);
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
