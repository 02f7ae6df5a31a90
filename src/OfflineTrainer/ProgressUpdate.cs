namespace IndustrialSafeRL.OfflineTrainer;

/// <summary>A progress notification from a training stage (for progress bars and logs).</summary>
/// <param name="Stage">Stage name, e.g. "models", "behaviour", "policies".</param>
/// <param name="Done">Units finished.</param>
/// <param name="Total">Units in the stage.</param>
/// <param name="Detail">Short status, e.g. the current loss.</param>
public sealed record ProgressUpdate(string Stage, int Done, int Total, string Detail);
