using System.Security.Cryptography;

namespace IndustrialSafeRL.OfflineTrainer.Data;

/// <summary>All logged transitions of a plant, grouped into episodes, with the tag layout. The trainer's only
/// view of the data; built from a transition store or, in tests, from generated episodes.</summary>
public sealed class TrainingDataset
{
    private TrainingDataset(IReadOnlyList<string> observationTags, IReadOnlyList<string> actionTags, IReadOnlyList<TrainingEpisode> episodes)
    {
        ObservationTags = observationTags;
        ActionTags = actionTags;
        Episodes = episodes;
        TransitionCount = episodes.Sum(e => e.Length);
    }

    /// <summary>Observation tags, in frame order.</summary>
    public IReadOnlyList<string> ObservationTags { get; }

    /// <summary>Action tags, in action order.</summary>
    public IReadOnlyList<string> ActionTags { get; }

    /// <summary>Episodes in the order they were logged.</summary>
    public IReadOnlyList<TrainingEpisode> Episodes { get; }

    /// <summary>Total number of transitions.</summary>
    public int TransitionCount { get; }

    /// <summary>Logged states (raw units) where a constraint was violated or the shield intervened, including rows
    /// left out of <see cref="Episodes"/> (shed, shadow); the violation sources of ε-retrain. Not part of <see cref="ContentHash"/>.</summary>
    public IReadOnlyList<double[]> ViolationStates { get; private init; } = [];

    /// <summary>A copy carrying <paramref name="states"/> as <see cref="ViolationStates"/>; ragged or non-finite states are refused by index.</summary>
    public TrainingDataset WithViolationStates(IReadOnlyList<double[]> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i] is null || states[i].Length != ObservationTags.Count || !states[i].All(double.IsFinite))
            {
                throw new InvalidDataException($"violation state {i}: needs {ObservationTags.Count} finite values, has {states[i]?.Length ?? 0}{(states[i] is { } v && v.Length == ObservationTags.Count ? " (not all finite)" : string.Empty)}");
            }
        }

        return new TrainingDataset(ObservationTags, ActionTags, Episodes) { ViolationStates = [.. states], StateEpisodes = StateEpisodes };
    }

    /// <summary>Every logged row of the store as episodes per (run, episode), shed, shadow and own-controller rows
    /// included and nothing split: the states a deployed policy sees, windowed the way the deployment gate windows
    /// them. The trust region is guaranteed on these. Null: the same as <see cref="Episodes"/> (e.g. a dataset).
    /// Not part of the content hash.</summary>
    public IReadOnlyList<TrainingEpisode>? StateEpisodes { get; private init; }

    /// <summary>A copy carrying <paramref name="episodes"/> as <see cref="StateEpisodes"/>.</summary>
    public TrainingDataset WithStateEpisodes(IReadOnlyList<TrainingEpisode> episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        _ = Create(ObservationTags, ActionTags, episodes);
        return new TrainingDataset(ObservationTags, ActionTags, Episodes) { ViolationStates = ViolationStates, StateEpisodes = [.. episodes] };
    }

    /// <summary>The dataset of <see cref="StateEpisodes"/> (this one when there are none).</summary>
    public TrainingDataset StateDataset() => StateEpisodes is null ? this : Create(ObservationTags, ActionTags, StateEpisodes);

    /// <summary>Builds a dataset, refusing empty data and ragged or non-finite rows with the episode and step at fault.</summary>
    public static TrainingDataset Create(IReadOnlyList<string> observationTags, IReadOnlyList<string> actionTags, IReadOnlyList<TrainingEpisode> episodes)
    {
        ArgumentNullException.ThrowIfNull(observationTags);
        ArgumentNullException.ThrowIfNull(actionTags);
        ArgumentNullException.ThrowIfNull(episodes);
        if (observationTags.Count == 0)
        {
            throw new InvalidDataException("the data declares no observation tags");
        }

        if (actionTags.Count == 0)
        {
            throw new InvalidDataException("the data declares no action tags");
        }

        var usable = new List<TrainingEpisode>();
        for (var e = 0; e < episodes.Count; e++)
        {
            var episode = episodes[e];
            if (episode.Frames.Length != episode.Length + 1 || episode.Rewards.Length != episode.Length)
            {
                throw new InvalidDataException($"episode {e}: {episode.Frames.Length} frames, {episode.Length} actions and {episode.Rewards.Length} rewards do not line up");
            }

            for (var t = 0; t < episode.Frames.Length; t++)
            {
                Check(episode.Frames[t], observationTags.Count, e, t, "observation");
            }

            for (var t = 0; t < episode.Length; t++)
            {
                Check(episode.Actions[t], actionTags.Count, e, t, "action");
                if (!double.IsFinite(episode.Rewards[t]))
                {
                    throw new InvalidDataException($"episode {e} step {t}: reward is not finite");
                }
            }

            if (episode.Length > 0)
            {
                usable.Add(episode);
            }
        }

        if (usable.Count == 0)
        {
            throw new InvalidDataException("the data holds no transitions to learn from");
        }

        return new TrainingDataset([.. observationTags], [.. actionTags], usable);
    }

    /// <summary>SHA-256 over tags and values, hex; identifies the data a policy was trained on.</summary>
    public string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[8];
        void Add(double v)
        {
            BitConverter.TryWriteBytes(buffer, v);
            hash.AppendData(buffer);
        }

        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join(',', ObservationTags) + "|" + string.Join(',', ActionTags)));
        foreach (var episode in Episodes)
        {
            Add(episode.Length);
            foreach (var frame in episode.Frames)
            {
                foreach (var v in frame)
                {
                    Add(v);
                }
            }

            foreach (var action in episode.Actions)
            {
                foreach (var v in action)
                {
                    Add(v);
                }
            }

            foreach (var r in episode.Rewards)
            {
                Add(r);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Index of a tag, or -1.</summary>
    public int ObservationIndex(string tag) => IndexOf(ObservationTags, tag);

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

    private static void Check(double[] row, int width, int episode, int step, string what)
    {
        if (row is null || row.Length != width)
        {
            throw new InvalidDataException($"episode {episode} step {step}: {what} has {row?.Length ?? 0} values, the layout declares {width}");
        }

        for (var i = 0; i < row.Length; i++)
        {
            if (!double.IsFinite(row[i]))
            {
                throw new InvalidDataException($"episode {episode} step {step}: {what} value {i} is not finite");
            }
        }
    }
}
