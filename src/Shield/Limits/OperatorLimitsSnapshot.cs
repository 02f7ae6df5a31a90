namespace IndustrialSafeRL.Shield.Limits;

/// <summary>Operator limits with their version, published as one reference so a decision sees one whole set.</summary>
internal sealed record OperatorLimitsSnapshot(long Version, OperatorLimits Limits);
