namespace IndustrialSafeRL.Cli.Commands;

/// <summary>A user error a verb reports as one clear line (bad option, unreadable file), without a stack trace.</summary>
internal sealed class VerbFailure(string message) : Exception(message);
