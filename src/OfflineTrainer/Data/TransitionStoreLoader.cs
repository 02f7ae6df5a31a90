using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.OfflineTrainer.Data;

/// <summary>Reads every transition of a store into a <see cref="TrainingDataset"/>: rows grouped into episodes
/// by (run, episode), ordered by step, split where steps are not consecutive.</summary>
public static class TransitionStoreLoader
{
    /// <summary>Loads the store at <paramref name="path"/>; a missing, corrupt, foreign or empty store is refused with its path and the reason.</summary>
    public static TrainingDataset Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        TransitionStore store;
        try
        {
            store = TransitionStore.Open(path, readOnly: true);
        }
        catch (TransitionStoreException e)
        {
            throw new InvalidDataException($"cannot train from {path}: {e.Message}", e);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            throw new InvalidDataException($"cannot train from {path}: not a readable transition store ({e.Message})", e);
        }

        using (store)
        {
            var layout = store.Layout;
            var groups = new Dictionary<(string Run, long Episode), List<TransitionRecord>>();
            var order = new List<(string, long)>();
            try
            {
                foreach (var record in store.Read())
                {
                    var key = (record.RunId, record.Episode);
                    if (!groups.TryGetValue(key, out var rows))
                    {
                        rows = [];
                        groups[key] = rows;
                        order.Add(key);
                    }

                    rows.Add(record);
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or TransitionStoreException)
            {
                throw new InvalidDataException($"cannot train from {path}: reading the rows failed ({e.Message})", e);
            }

            if (order.Count == 0)
            {
                throw new InvalidDataException($"cannot train from {path}: the store holds no transitions");
            }

            var episodes = new List<TrainingEpisode>();
            var violations = new List<double[]>();
            var stateEpisodes = new List<TrainingEpisode>();
            var anyLeftOut = false;
            foreach (var key in order)
            {
                var rows = groups[key];
                rows.Sort((a, b) => a.Step.CompareTo(b.Step));
                // Violation states come from every row, shed and shadow ones included: the state is real even where
                // the transition is not usable.
                violations.AddRange(rows.Where(Violated).Select(r => r.Observation));
                // Every row's state, in one unsplit episode: what a deployed policy sees and the gate measures.
                stateEpisodes.Add(StateEpisode(rows));
                anyLeftOut |= rows.Any(r => !Acted(r)) || rows.Zip(rows.Skip(1)).Any(p => p.Second.Step != p.First.Step + 1);
                // A segment is a run of consecutive steps whose logged action is what the plant received. Rows the
                // controller only computed (Shadow, Advisory, Off) or shed are left out: the plant moved under its own
                // controller then, so (o_t, a_t, o_{t+1}) would teach the models dynamics that never happened.
                var start = 0;
                for (var i = 0; i <= rows.Count; i++)
                {
                    var breaks = i == rows.Count || !Acted(rows[i]) || (i > start && rows[i].Step != rows[i - 1].Step + 1);
                    if (!breaks)
                    {
                        continue;
                    }

                    AddSegment(rows, start, i, episodes, startsRun: start == 0 && !Violated(rows[0]));
                    start = i < rows.Count && !Acted(rows[i]) ? i + 1 : i;
                }
            }

            if (episodes.Count == 0)
            {
                throw new InvalidDataException($"cannot train from {path}: no row records an action the plant received (every row is shadow, advisory, off or shed)");
            }

            var dataset = TrainingDataset.Create(layout.ObservationTags, layout.ActionTags, episodes).WithViolationStates(violations);
            return anyLeftOut && stateEpisodes.Count > 0 ? dataset.WithStateEpisodes(stateEpisodes) : dataset;
        }
    }

    /// <summary>True when the row's applied action reached the plant: logged data or Auto, and not shed.</summary>
    internal static bool Acted(TransitionRecord row) =>
        row.Mode is "offline" or "auto" && !row.Flags.HasFlag(TransitionFlags.Shed);

    /// <summary>True when the row marks a constraint violation: shed, outside the data support, or changed by the shield.</summary>
    internal static bool Violated(TransitionRecord row) =>
        row.Flags.HasFlag(TransitionFlags.Shed) || row.Flags.HasFlag(TransitionFlags.OutOfSupport) || row.Interventions.Count > 0;

    // Every row is a state (window end); the final frame only closes the episode.
    private static TrainingEpisode StateEpisode(List<TransitionRecord> rows)
    {
        var frames = new double[rows.Count + 1][];
        var actions = new double[rows.Count][];
        var rewards = new double[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            frames[i] = rows[i].Observation;
            actions[i] = rows[i].AppliedAction;
            rewards[i] = rows[i].Reward;
        }

        frames[rows.Count] = rows[^1].NextObservation ?? rows[^1].Observation;
        return new TrainingEpisode(frames, actions, rewards);
    }

    private static void AddSegment(List<TransitionRecord> rows, int start, int end, List<TrainingEpisode> episodes, bool startsRun)
    {
        if (end <= start)
        {
            return;
        }

        // Each row holds o_t and o_{t+1}; the last row without a next observation ends the segment one step early.
        var last = rows[end - 1].NextObservation is null ? end - 1 : end;
        if (last <= start)
        {
            return;
        }

        var frames = new double[last - start + 1][];
        var actions = new double[last - start][];
        var rewards = new double[last - start];
        for (var i = start; i < last; i++)
        {
            frames[i - start] = rows[i].Observation;
            actions[i - start] = rows[i].AppliedAction;
            rewards[i - start] = rows[i].Reward;
        }

        frames[last - start] = rows[last - 1].NextObservation ?? rows[last].Observation;
        episodes.Add(new TrainingEpisode(frames, actions, rewards) { StartsRun = startsRun });
    }
}
