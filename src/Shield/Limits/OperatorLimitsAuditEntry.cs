namespace IndustrialSafeRL.Shield.Limits;

/// <summary>One audited change of the operator limits: who, when, what before, what after, and why.</summary>
/// <param name="Version">Version number of the new limits (the initial limits are version 1).</param>
/// <param name="At">When the change was published (from the shield's <see cref="TimeProvider"/>).</param>
/// <param name="User">Who asked for the change.</param>
/// <param name="Reason">Why, in the user's words.</param>
/// <param name="Old">The limits in force before.</param>
/// <param name="New">The limits in force after.</param>
public sealed record OperatorLimitsAuditEntry(
    long Version, DateTimeOffset At, string User, string Reason, OperatorLimits Old, OperatorLimits New);
