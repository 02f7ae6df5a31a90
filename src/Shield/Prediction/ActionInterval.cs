namespace IndustrialSafeRL.Shield.Prediction;

/// <summary>
/// The values of one action component whose one-step prediction stays inside the data-support bounds.
/// </summary>
/// <param name="Min">Lowest admissible value (−∞ when unconstrained below).</param>
/// <param name="Max">Highest admissible value (+∞ when unconstrained above).</param>
/// <param name="ObservationIndex">The predicted observation dimension that binds, or −1 when none binds.</param>
/// <param name="Feasible">
/// False when no value keeps the prediction inside; [Min, Max] then holds the values that leave it least.
/// </param>
public readonly record struct ActionInterval(double Min, double Max, int ObservationIndex, bool Feasible)
{
    /// <summary>No constraint on this action component.</summary>
    public static ActionInterval Unconstrained => new(double.NegativeInfinity, double.PositiveInfinity, -1, true);
}
