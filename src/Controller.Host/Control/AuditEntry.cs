namespace IndustrialSafeRL.Controller.Host.Control;

/// <summary>
/// One audited event: a mode change or refused request, a shed or resume, a policy activation or rollback.
/// <paramref name="Kind"/> is <c>mode</c>, <c>mode-refused</c>, <c>shed</c>, <c>resume</c>, <c>policy</c>, <c>policy-refused</c>, <c>rollback</c> or <c>limits</c>.
/// </summary>
public sealed record AuditEntry(DateTimeOffset TimestampUtc, string Kind, string Who, string From, string To, string Why);
