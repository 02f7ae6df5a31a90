namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>One shield intervention logged with a step: which unit changed the action and why.</summary>
public sealed record Intervention(string Unit, string Reason);
