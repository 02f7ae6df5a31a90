namespace IndustrialSafeRL.Policy.Runtime.Ensembles;

/// <summary>How an ensemble of K policies turns K proposed actions into one.</summary>
public enum EnsembleRule
{
    /// <summary>The first member's action; the others run as shadow challengers (their actions are logged, never applied).</summary>
    Champion,

    /// <summary>The component-wise mean of all members' actions.</summary>
    Mean,

    /// <summary>The component-wise median of all members' actions (mean of the two middle values for even K).</summary>
    Median,
}
