namespace IndustrialSafeRL.OfflineTrainer.Data;

/// <summary>One logged episode: T+1 observation frames o_0..o_T and the T applied actions and rewards between them.</summary>
/// <param name="Frames">Observation frames, each of the dataset's observation width.</param>
/// <param name="Actions">Applied actions, one per transition.</param>
/// <param name="Rewards">Logged rewards, one per transition.</param>
public sealed record TrainingEpisode(double[][] Frames, double[][] Actions, double[] Rewards)
{
    /// <summary>True when the first frame is where a logged run began (its first logged row, not a violation), false for
    /// a segment resumed after a gap, a shed or a mode change. Only run starts are episode starts for the search's start
    /// windows and the bounds: a resumed segment's front-padded window shows a history that never happened.</summary>
    public bool StartsRun { get; init; } = true;

    /// <summary>Number of transitions.</summary>
    public int Length => Actions.Length;
}
