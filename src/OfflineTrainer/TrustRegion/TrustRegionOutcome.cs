namespace IndustrialSafeRL.OfflineTrainer.TrustRegion;

/// <summary>The trust region of one iteration, for the report and the manifests.</summary>
/// <param name="PredecessorIds">Policy id of each policy k's predecessor.</param>
/// <param name="Epsilon">ε_KL.</param>
/// <param name="Sigma">σ.</param>
/// <param name="CBeta">C_β.</param>
/// <param name="History">β_k and minibatch max D_k per main-phase step.</param>
/// <param name="MainSteps">Main-phase (search) steps.</param>
/// <param name="Fixup">The fixup phase: steps, passes, max D_k over all logged windows before and after.</param>
public sealed record TrustRegionOutcome(
    IReadOnlyList<string?> PredecessorIds,
    double Epsilon,
    double Sigma,
    double CBeta,
    IReadOnlyList<TrustRegionStep> History,
    int MainSteps,
    TrustRegionFixupResult Fixup)
{
    /// <summary>Fixup steps as a percentage of the main-phase steps.</summary>
    public double FixupPercent => MainSteps == 0 ? 0 : 100.0 * Fixup.Steps / MainSteps;
}
