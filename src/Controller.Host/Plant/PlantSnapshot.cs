namespace IndustrialSafeRL.Controller.Host.Plant;

/// <summary>One cycle's reading of the plant, in the host's tag order. Created once and refilled every cycle.</summary>
public sealed class PlantSnapshot(int observations, int actuators, int guides = 0)
{
    /// <summary>Observation values (configured observation tag order).</summary>
    public double[] Observations { get; } = new double[observations];

    /// <summary>Current actuator values as the plant reports them (configured actuator order).</summary>
    public double[] Actuators { get; } = new double[actuators];

    /// <summary>Guide tag values, the PLC's own controller's action (configured guide tag order); NaN when the read
    /// returned a bad status or no number.</summary>
    public double[] Guides { get; } = new double[guides];

    /// <summary>Source timestamp of each guide value (UTC; the read time when the server sent none).</summary>
    public DateTimeOffset[] GuideSourceTimestamps { get; } = new DateTimeOffset[guides];

    /// <summary>True when every observation and actuator value read had a good status (guide tags are judged apart,
    /// only when the active policy reads them).</summary>
    public bool AllGood { get; set; } = true;

    /// <summary>The oldest source timestamp among the observation values (UTC).</summary>
    public DateTimeOffset OldestSourceTimestamp { get; set; }

    /// <summary>The PLC permissive (false when the handshake is not read).</summary>
    public bool Permissive { get; set; }

    /// <summary>The PLC life bit or counter.</summary>
    public long LifeBit { get; set; }
}
