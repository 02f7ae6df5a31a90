namespace IndustrialSafeRL.Controller.Host.Plant;

/// <summary>What one cycle writes. Created once; the loop sets the flags and values every cycle.</summary>
public sealed class PlantOutputs(int actuators)
{
    /// <summary>Actuator values (configured actuator order), written only when <see cref="WriteActuators"/> is set.</summary>
    public double[] Actuators { get; } = new double[actuators];

    /// <summary>Advisory values (configured actuator order), written to the advisory tags when <see cref="WriteAdvisory"/> is set.</summary>
    public double[] Advisory { get; } = new double[actuators];

    /// <summary>Write the actuators (Auto only).</summary>
    public bool WriteActuators { get; set; }

    /// <summary>Publish the advisory values (Advisory mode).</summary>
    public bool WriteAdvisory { get; set; }

    /// <summary>Write <see cref="Heartbeat"/> (every healthy cycle when the handshake is used).</summary>
    public bool WriteHeartbeat { get; set; }

    /// <summary>The host heartbeat counter.</summary>
    public long Heartbeat { get; set; }

    /// <summary>True when something is to be written.</summary>
    public bool Any => WriteActuators || WriteAdvisory || WriteHeartbeat;

    /// <summary>Clears every write flag.</summary>
    public void Clear()
    {
        WriteActuators = false;
        WriteAdvisory = false;
        WriteHeartbeat = false;
    }
}
