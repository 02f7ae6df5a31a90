using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.Verification.History;

/// <summary>One logged state with the frames before it: <see cref="Frames"/> oldest first, the state's own
/// observation last, the episode's first frame repeated where the episode is shorter than the window.</summary>
/// <param name="RunId">Run of the row.</param>
/// <param name="Episode">Episode of the row.</param>
/// <param name="Step">Step of the row.</param>
/// <param name="Frames">Observations (store column order), oldest first.</param>
public sealed record LoggedState(string RunId, long Episode, long Step, IReadOnlyList<double[]> Frames);

/// <summary>Reads the most recent rows of a transition store as history windows, episode by episode.</summary>
public static class RecentStates
{
    /// <summary>The last <paramref name="count"/> rows of the store (insertion order), each with its
    /// <paramref name="historyLength"/>-frame window rebuilt from the preceding rows of the same run and episode.</summary>
    public static IReadOnlyList<LoggedState> Read(TransitionStore store, int count, int historyLength)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(historyLength, 1);
        var total = store.Count();
        var firstWanted = total - count;
        var episodes = new Dictionary<(string, long), List<double[]>>();
        var result = new List<LoggedState>();
        long row = 0;
        foreach (var record in store.Read())
        {
            var key = (record.RunId, record.Episode);
            if (!episodes.TryGetValue(key, out var frames))
            {
                frames = [];
                episodes[key] = frames;
            }

            // Only the last L frames of an episode are ever needed.
            frames.Add(record.Observation);
            if (frames.Count > historyLength)
            {
                frames.RemoveAt(0);
            }

            if (row++ >= firstWanted)
            {
                var window = new double[historyLength][];
                var pad = historyLength - frames.Count;
                for (var k = 0; k < historyLength; k++)
                {
                    window[k] = frames[Math.Max(0, k - pad)];
                }

                result.Add(new LoggedState(record.RunId, record.Episode, record.Step, window));
            }
        }

        return result;
    }
}
