using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Verification.History;
using IndustrialSafeRL.Verification.Inference;

namespace IndustrialSafeRL.Verification.TrustRegion;

/// <summary>
/// The change between two policies measured on logged states: D(s) = ‖π_new(s) − π_old(s)‖² / (2σ²), the KL
/// divergence of two Gaussians with the same fixed σ centred on the two actions.
/// </summary>
/// <param name="States">States measured.</param>
/// <param name="Sigma">σ used.</param>
/// <param name="MaxDivergence">max over states of D(s).</param>
/// <param name="MeanDivergence">Mean of D(s).</param>
/// <param name="WorstState">The state of the maximum (null when no states).</param>
/// <param name="NewAction">π_new at the worst state.</param>
/// <param name="OldAction">π_old at the worst state.</param>
public sealed record TrustRegionMeasurement(
    int States,
    double Sigma,
    double MaxDivergence,
    double MeanDivergence,
    LoggedState? WorstState,
    IReadOnlyList<float> NewAction,
    IReadOnlyList<float> OldAction)
{
    /// <summary>max D over random states of the support box, when measured (null otherwise).</summary>
    public double? EnvelopeMaxDivergence { get; init; }

    /// <summary>Number of random support-box states measured.</summary>
    public int EnvelopeStates { get; init; }

    /// <summary>Evaluates both policies on the states and measures D. Observation tags are looked up by name in
    /// <paramref name="storeTags"/>; throws <see cref="ArgumentException"/> naming a tag the store lacks.</summary>
    public static TrustRegionMeasurement Measure(
        OrtPolicy newPolicy, PolicyManifest newManifest, OrtPolicy oldPolicy, PolicyManifest oldManifest,
        IReadOnlyList<LoggedState> states, IReadOnlyList<string> storeTags, double sigma)
    {
        ArgumentNullException.ThrowIfNull(newPolicy);
        ArgumentNullException.ThrowIfNull(newManifest);
        ArgumentNullException.ThrowIfNull(oldPolicy);
        ArgumentNullException.ThrowIfNull(oldManifest);
        ArgumentNullException.ThrowIfNull(states);
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be positive");
        }

        if (!newManifest.Action.Tags.SequenceEqual(oldManifest.Action.Tags, StringComparer.Ordinal))
        {
            throw new ArgumentException($"action tags differ: new [{string.Join(", ", newManifest.Action.Tags)}], running [{string.Join(", ", oldManifest.Action.Tags)}]");
        }

        if (states.Count == 0)
        {
            return new TrustRegionMeasurement(0, sigma, 0, 0, null, [], []);
        }

        var a = newManifest.Action.Tags.Count;

        // D is defined on actions normalised to [-1, 1] by the new package's action range (as the trainer measures it),
        // so σ means the same for every plant whatever its engineering units.
        var halfSpan = new double[a];
        for (var j = 0; j < a; j++)
        {
            var span = (newManifest.Action.High[j] - newManifest.Action.Low[j]) / 2;
            halfSpan[j] = span > 0 && double.IsFinite(span) ? span : 1;
        }

        var newActions = newPolicy.Run(Windows(newManifest, states, storeTags), states.Count);
        var oldActions = oldPolicy.Run(Windows(oldManifest, states, storeTags), states.Count);
        double max = -1, sum = 0;
        var worst = 0;
        for (var s = 0; s < states.Count; s++)
        {
            double squared = 0;
            for (var j = 0; j < a; j++)
            {
                var delta = ((double)newActions[(s * a) + j] - oldActions[(s * a) + j]) / halfSpan[j];
                squared += delta * delta;
            }

            var d = squared / (2 * sigma * sigma);
            sum += d;
            if (d > max)
            {
                max = d;
                worst = s;
            }
        }

        return new TrustRegionMeasurement(
            states.Count, sigma, max, sum / states.Count, states[worst],
            newActions[(worst * a)..((worst + 1) * a)], oldActions[(worst * a)..((worst + 1) * a)]);
    }

    /// <summary>The policy's input for each state: its tags picked from the store columns, frames in the
    /// manifest's order (newest-first unless it says oldest-first), the last L frames of the window.</summary>
    public static float[] Windows(PolicyManifest manifest, IReadOnlyList<LoggedState> states, IReadOnlyList<string> storeTags)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(storeTags);
        var tags = manifest.Observation.Tags;
        var columns = new int[tags.Count];
        for (var d = 0; d < tags.Count; d++)
        {
            columns[d] = IndexOf(storeTags, tags[d]);
            if (columns[d] < 0)
            {
                throw new ArgumentException($"policy '{manifest.PolicyId}': observation tag '{tags[d]}' is not in the store (store tags: {string.Join(", ", storeTags)})");
            }
        }

        var length = manifest.Observation.HistoryLength;
        var oldestFirst = string.Equals(manifest.Observation.FrameOrder, "oldest-first", StringComparison.OrdinalIgnoreCase);
        var result = new float[states.Count * length * tags.Count];
        var at = 0;
        foreach (var state in states)
        {
            if (state.Frames.Count < length)
            {
                throw new ArgumentException($"state {state.RunId}/{state.Episode}/{state.Step} has {state.Frames.Count} frames, the policy needs {length}");
            }

            for (var k = 0; k < length; k++)
            {
                // Frames are stored oldest first and end with the state itself.
                var frame = state.Frames[oldestFirst ? state.Frames.Count - length + k : state.Frames.Count - 1 - k];
                for (var d = 0; d < columns.Length; d++)
                {
                    result[at++] = (float)frame[columns[d]];
                }
            }
        }

        return result;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
