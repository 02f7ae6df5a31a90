namespace IndustrialSafeRL.Controller.Host.Hosting;

/// <summary>How many cycles a foreground trial runs before the host stops itself; null = until stopped (the service).</summary>
public sealed record CycleBudget(long? Cycles);
