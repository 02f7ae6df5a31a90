namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>Which rows to read; every given field narrows the selection.</summary>
public sealed record TransitionQuery(
    string? RunId = null,
    string? PolicyId = null,
    long? Episode = null,
    DateTimeOffset? FromUtc = null,
    DateTimeOffset? ToUtc = null);
