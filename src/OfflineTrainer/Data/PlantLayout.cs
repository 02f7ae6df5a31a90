using IndustrialSafeRL.OfflineTrainer.Configuration;

namespace IndustrialSafeRL.OfflineTrainer.Data;

/// <summary>How a model rollout advances each observation tag, how the reward is formed, and the
/// normalisation constants — everything derived from the data and the config that models, policies and the
/// exported package share.</summary>
public sealed class PlantLayout
{
    /// <summary>The IB's tags (DESIGN §4).</summary>
    public static readonly string[] IbObservationTags = ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"];

    /// <summary>The IB's action tags.</summary>
    public static readonly string[] IbActionTags = ["delta_velocity", "delta_gain", "delta_shift"];

    /// <summary>Observation tags.</summary>
    public required string[] ObservationTags { get; init; }

    /// <summary>Action tags.</summary>
    public required string[] ActionTags { get; init; }

    /// <summary>Frames of history.</summary>
    public required int HistoryLength { get; init; }

    /// <summary>Per-tag mean of the observations (z-score).</summary>
    public required double[] ObservationMean { get; init; }

    /// <summary>Per-tag standard deviation (1 for constant tags).</summary>
    public required double[] ObservationStd { get; init; }

    /// <summary>Lower action bound per action tag (policy output −1 maps here).</summary>
    public required double[] ActionLow { get; init; }

    /// <summary>Upper action bound per action tag (policy output +1 maps here).</summary>
    public required double[] ActionHigh { get; init; }

    /// <summary>Per tag: how the rollout advances it.</summary>
    public required TagDynamics[] Dynamics { get; init; }

    /// <summary>Observation tags the model predicts, in model-output order.</summary>
    public required int[] PredictedTags { get; init; }

    /// <summary>Mean of the raw per-step delta of each predicted tag.</summary>
    public required double[] DeltaMean { get; init; }

    /// <summary>Standard deviation of the raw per-step delta of each predicted tag.</summary>
    public required double[] DeltaStd { get; init; }

    /// <summary>Reward weights on the raw next observation; null when the reward is learned.</summary>
    public double[]? RewardWeights { get; init; }

    /// <summary>Constant of the reward expression.</summary>
    public double RewardOffset { get; init; }

    /// <summary>Mean of the logged reward (used by the learned reward output).</summary>
    public required double RewardMean { get; init; }

    /// <summary>Standard deviation of the logged reward.</summary>
    public required double RewardStd { get; init; }

    /// <summary>Tags the diversity distance (LSED) compares.</summary>
    public required int[] DiversityTags { get; init; }

    /// <summary>True for the IB's tag layout.</summary>
    public required bool IsIndustrialBenchmark { get; init; }

    /// <summary>Model outputs: predicted tags plus one reward output when the reward is learned.</summary>
    public int ModelOutputs => PredictedTags.Length + (RewardWeights is null ? 1 : 0);

    /// <summary>Observation width D.</summary>
    public int ObservationWidth => ObservationTags.Length;

    /// <summary>Action width A.</summary>
    public int ActionWidth => ActionTags.Length;

    /// <summary>Width of the flattened policy/model window L·D.</summary>
    public int WindowWidth => HistoryLength * ObservationWidth;

    /// <summary>"known-kinematics" (IB clipped-add rules for v, g, h) or "fully-learned".</summary>
    public string TransitionVariant => Dynamics.Any(d => d.Kind == TagKind.KnownAdd) ? "known-kinematics" : "fully-learned";

    /// <summary>Derives the layout from the data and the config.</summary>
    public static PlantLayout Derive(TrainingDataset data, TrainerConfig config)
    {
        var d = data.ObservationTags.Count;
        var a = data.ActionTags.Count;
        var isIb = IbObservationTags.All(t => data.ObservationIndex(t) >= 0) && IbActionTags.All(t => IndexOf(data.ActionTags, t) >= 0);

        var mean = new double[d];
        var m2 = new double[d];
        long n = 0;
        var low = Enumerable.Repeat(double.PositiveInfinity, a).ToArray();
        var high = Enumerable.Repeat(double.NegativeInfinity, a).ToArray();
        double rSum = 0, rSq = 0;
        foreach (var episode in data.Episodes)
        {
            foreach (var frame in episode.Frames)
            {
                n++;
                for (var i = 0; i < d; i++)
                {
                    var delta = frame[i] - mean[i];
                    mean[i] += delta / n;
                    m2[i] += delta * (frame[i] - mean[i]);
                }
            }

            foreach (var action in episode.Actions)
            {
                for (var i = 0; i < a; i++)
                {
                    low[i] = Math.Min(low[i], action[i]);
                    high[i] = Math.Max(high[i], action[i]);
                }
            }

            foreach (var r in episode.Rewards)
            {
                rSum += r;
                rSq += r * r;
            }
        }

        var std = m2.Select(v => Math.Sqrt(v / Math.Max(1, n - 1))).Select(s => s < 1e-8 ? 1.0 : s).ToArray();
        var constant = m2.Select(v => Math.Sqrt(v / Math.Max(1, n - 1)) < 1e-8).ToArray();

        var dynamics = new TagDynamics[d];
        for (var i = 0; i < d; i++)
        {
            dynamics[i] = constant[i] ? TagDynamics.Constant : TagDynamics.Predicted;
        }

        if (isIb)
        {
            // The IB's actions are bounded to [-1, 1]^3 whatever the data shows.
            for (var i = 0; i < a; i++)
            {
                low[i] = -1;
                high[i] = 1;
            }

            dynamics[data.ObservationIndex("setpoint")] = TagDynamics.Constant;
            if (config.Ensemble.KnownKinematics)
            {
                dynamics[data.ObservationIndex("velocity")] = new TagDynamics(TagKind.KnownAdd, IndexOf(data.ActionTags, "delta_velocity"), 1.0, 0, 100);
                dynamics[data.ObservationIndex("gain")] = new TagDynamics(TagKind.KnownAdd, IndexOf(data.ActionTags, "delta_gain"), 10.0, 0, 100);
                dynamics[data.ObservationIndex("shift")] = new TagDynamics(TagKind.KnownAdd, IndexOf(data.ActionTags, "delta_shift"), 5.75, 0, 100);
            }
        }

        for (var i = 0; i < a; i++)
        {
            if (!(high[i] > low[i]))
            {
                high[i] = low[i] + 1;
            }
        }

        var predicted = Enumerable.Range(0, d).Where(i => dynamics[i].Kind == TagKind.Predicted).ToArray();
        var deltaMean = new double[predicted.Length];
        var deltaSq = new double[predicted.Length];
        long count = 0;
        foreach (var episode in data.Episodes)
        {
            for (var t = 0; t < episode.Length; t++)
            {
                count++;
                for (var j = 0; j < predicted.Length; j++)
                {
                    var dv = episode.Frames[t + 1][predicted[j]] - episode.Frames[t][predicted[j]];
                    deltaMean[j] += dv;
                    deltaSq[j] += dv * dv;
                }
            }
        }

        var deltaStd = new double[predicted.Length];
        for (var j = 0; j < predicted.Length; j++)
        {
            deltaMean[j] /= count;
            deltaStd[j] = Math.Sqrt(Math.Max(0, (deltaSq[j] / count) - (deltaMean[j] * deltaMean[j])));
            if (deltaStd[j] < 1e-8)
            {
                deltaStd[j] = 1;
            }
        }

        double[]? rewardWeights = null;
        var rewardOffset = config.RewardOffset;
        if (config.RewardWeights is { } weights)
        {
            rewardWeights = new double[d];
            foreach (var (tag, w) in weights)
            {
                var i = data.ObservationIndex(tag);
                if (i < 0)
                {
                    throw new ArgumentException($"RewardWeights names tag '{tag}', which the data does not have", nameof(config));
                }

                rewardWeights[i] = w;
            }
        }
        else if (isIb)
        {
            rewardWeights = new double[d];
            rewardWeights[data.ObservationIndex("fatigue")] = -3.0 / 100;
            rewardWeights[data.ObservationIndex("consumption")] = -1.0 / 100;
            rewardOffset = 0;
        }

        int[] diversity;
        if (config.DiversityTags is { } names)
        {
            diversity = names.Select(t => data.ObservationIndex(t) is var i and >= 0 ? i
                : throw new ArgumentException($"DiversityTags names tag '{t}', which the data does not have", nameof(config))).ToArray();
        }
        else
        {
            diversity = Enumerable.Range(0, d).Where(i => !constant[i] && !(isIb && i == data.ObservationIndex("setpoint"))).ToArray();
        }

        var transitions = Math.Max(1, data.TransitionCount);
        var rMean = rSum / transitions;
        var rStd = Math.Sqrt(Math.Max(0, (rSq / transitions) - (rMean * rMean)));
        return new PlantLayout
        {
            ObservationTags = [.. data.ObservationTags],
            ActionTags = [.. data.ActionTags],
            HistoryLength = config.HistoryLength,
            ObservationMean = mean,
            ObservationStd = std,
            ActionLow = low,
            ActionHigh = high,
            Dynamics = dynamics,
            PredictedTags = predicted,
            DeltaMean = deltaMean,
            DeltaStd = deltaStd,
            RewardWeights = rewardWeights,
            RewardOffset = rewardOffset,
            RewardMean = rMean,
            RewardStd = rStd < 1e-8 ? 1 : rStd,
            DiversityTags = diversity,
            IsIndustrialBenchmark = isIb,
        };
    }

    private static int IndexOf(IReadOnlyList<string> tags, string tag)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (string.Equals(tags[i], tag, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>How one tag moves in a rollout.</summary>
public enum TagKind
{
    /// <summary>Held at its last value (e.g. the IB set-point).</summary>
    Constant,

    /// <summary>Learned by the transition model (as a delta).</summary>
    Predicted,

    /// <summary>Known rule: clip(x + Scale·a[ActionIndex], Low, High).</summary>
    KnownAdd,
}

/// <summary>Per-tag rollout rule.</summary>
/// <param name="Kind">Rule kind.</param>
/// <param name="ActionIndex">Action driving a known add.</param>
/// <param name="Scale">Raw units per unit action.</param>
/// <param name="Low">Raw lower clip.</param>
/// <param name="High">Raw upper clip.</param>
public sealed record TagDynamics(TagKind Kind, int ActionIndex = -1, double Scale = 0, double Low = 0, double High = 0)
{
    /// <summary>Held constant.</summary>
    public static TagDynamics Constant { get; } = new(TagKind.Constant);

    /// <summary>Learned.</summary>
    public static TagDynamics Predicted { get; } = new(TagKind.Predicted);
}
