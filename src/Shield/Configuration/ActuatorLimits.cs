namespace IndustrialSafeRL.Shield.Configuration;

/// <summary>
/// Fixed engineering limits of one actuator (one component of the action vector), bound from configuration.
/// Engineering limits change only with a restart; operator limits live inside them and change at run time.
/// </summary>
public sealed class ActuatorLimits
{
    /// <summary>Action tag (for example <c>delta_gain</c>); names the actuator in errors and explanations.</summary>
    public string Tag { get; set; } = "";

    /// <summary>Lowest value that may ever be written. Required: the default (NaN) fails validation.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>Highest value that may ever be written. Required: the default (NaN) fails validation.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>
    /// Largest change per control cycle relative to the plant's current actuator value.
    /// Default: positive infinity (no rate limit), suitable for increment actuators such as the IB's deltas.
    /// </summary>
    public double MaxMovePerCycle { get; set; } = double.PositiveInfinity;

    /// <summary>Initial operator minimum; default (null) = <see cref="Min"/>.</summary>
    public double? OperatorMin { get; set; }

    /// <summary>Initial operator maximum; default (null) = <see cref="Max"/>.</summary>
    public double? OperatorMax { get; set; }

    /// <summary>
    /// True when the actuator takes increments (the IB's delta actions): holding the plant then means writing 0,
    /// not the current value. Default false (absolute set-point: holding means writing the current value).
    /// </summary>
    public bool IsIncrement { get; set; }
}
