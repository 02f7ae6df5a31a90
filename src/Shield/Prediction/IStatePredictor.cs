namespace IndustrialSafeRL.Shield.Prediction;

/// <summary>
/// One-step prediction of the plant used by the look-ahead unit. Implementations must not allocate: they run
/// inside the control cycle.
/// </summary>
public interface IStatePredictor
{
    /// <summary>Predicts the next observation from the current one and an action.</summary>
    /// <param name="observation">Current observation (the shield's observation vector).</param>
    /// <param name="action">Action to apply.</param>
    /// <param name="predicted">Receives the predicted next observation (same length as <paramref name="observation"/>);
    /// dimensions the predictor does not model are copied from the current observation.</param>
    void Predict(ReadOnlySpan<double> observation, ReadOnlySpan<double> action, Span<double> predicted);

    /// <summary>
    /// Writes, per action component, a box of actions whose prediction stays inside [lo, hi] on every modelled
    /// dimension (for a non-separable model an inner box is acceptable). Where no action keeps a dimension
    /// inside, the interval holds the actions that leave it least and is marked not feasible.
    /// </summary>
    void ActionWindow(ReadOnlySpan<double> observation, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi,
        Span<ActionInterval> window);
}
