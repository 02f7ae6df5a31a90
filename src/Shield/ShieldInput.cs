namespace IndustrialSafeRL.Shield;

/// <summary>The inputs of one shield decision, as spans over the caller's buffers (nothing is copied).</summary>
/// <param name="observation">The plant's current observation (length = the envelope's observation length).</param>
/// <param name="proposedAction">The policy's proposed action (length = number of actuators).</param>
/// <param name="currentActuators">The plant's current actuator values (length = number of actuators).</param>
public readonly ref struct ShieldInput(
    ReadOnlySpan<double> observation, ReadOnlySpan<double> proposedAction, ReadOnlySpan<double> currentActuators)
{
    /// <summary>The plant's current observation.</summary>
    public ReadOnlySpan<double> Observation { get; } = observation;

    /// <summary>The policy's proposed action.</summary>
    public ReadOnlySpan<double> ProposedAction { get; } = proposedAction;

    /// <summary>The plant's current actuator values (the reference of the move limit and of holding).</summary>
    public ReadOnlySpan<double> CurrentActuators { get; } = currentActuators;

    /// <summary>The guide's action, or empty when there is no guide this cycle.</summary>
    public ReadOnlySpan<double> GuideAction { get; init; }

    /// <summary>True when the caller knows the inputs are stale (old timestamps, bad OPC UA status).</summary>
    public bool IsStale { get; init; }
}
