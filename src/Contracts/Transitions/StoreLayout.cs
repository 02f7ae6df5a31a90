namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>
/// What one row of a transition store holds: the observation tags (one value each per step), the action tags
/// and the named components of the reward. A store keeps its layout for life; every row must match it.
/// </summary>
public sealed record StoreLayout(
    IReadOnlyList<string> ObservationTags,
    IReadOnlyList<string> ActionTags,
    IReadOnlyList<string> RewardComponents)
{
    /// <summary>The Industrial Benchmark layout (tag names as served over OPC UA).</summary>
    public static StoreLayout IndustrialBenchmark { get; } = new(
        ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"],
        ["delta_velocity", "delta_gain", "delta_shift"],
        ["fatigue", "consumption"]);

    /// <summary>Throws <see cref="TransitionStoreException"/> naming the first problem, if any.</summary>
    public void Validate()
    {
        Check(ObservationTags, nameof(ObservationTags), allowEmpty: false);
        Check(ActionTags, nameof(ActionTags), allowEmpty: false);
        Check(RewardComponents, nameof(RewardComponents), allowEmpty: true);
    }

    /// <summary>True when both layouts name the same tags in the same order.</summary>
    public bool SameAs(StoreLayout other) =>
        ObservationTags.SequenceEqual(other.ObservationTags, StringComparer.Ordinal)
        && ActionTags.SequenceEqual(other.ActionTags, StringComparer.Ordinal)
        && RewardComponents.SequenceEqual(other.RewardComponents, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() =>
        $"observations [{string.Join(", ", ObservationTags)}], actions [{string.Join(", ", ActionTags)}], " +
        $"reward components [{string.Join(", ", RewardComponents)}]";

    private static void Check(IReadOnlyList<string>? tags, string field, bool allowEmpty)
    {
        if (tags is null || (!allowEmpty && tags.Count == 0))
        {
            throw new TransitionStoreException($"layout {field}: at least one tag is required");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (string.IsNullOrWhiteSpace(tag) || tag.Any(c => char.IsWhiteSpace(c) || c is ',' or '"' or ':'))
            {
                throw new TransitionStoreException(
                    $"layout {field}[{i}]: '{tag}' is not a valid tag name (no blanks, commas, quotes or colons)");
            }

            if (!seen.Add(tag))
            {
                throw new TransitionStoreException($"layout {field}[{i}]: tag '{tag}' appears twice");
            }
        }
    }
}
