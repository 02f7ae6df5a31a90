namespace IndustrialSafeRL.OfflineTrainer.Data;

/// <summary>One logged episode: T+1 observation frames o_0..o_T and the T applied actions and rewards between them.</summary>
/// <param name="Frames">Observation frames, each of the dataset's observation width.</param>
/// <param name="Actions">Applied actions, one per transition.</param>
/// <param name="Rewards">Logged rewards, one per transition.</param>
public sealed record TrainingEpisode(double[][] Frames, double[][] Actions, double[] Rewards)
{
    /// <summary>Number of transitions.</summary>
    public int Length => Actions.Length;
}
