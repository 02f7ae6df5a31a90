namespace IndustrialSafeRL.Controller.Host.Control;

/// <summary>The controller's authority over the plant.</summary>
public enum ControllerMode
{
    /// <summary>Inactive: read and log the plant (behaviour data), no policy, no output.</summary>
    Off,

    /// <summary>Policy and shield compute and log; nothing is written to the plant.</summary>
    Shadow,

    /// <summary>As Shadow, and the shielded action is published to advisory tags for the operator; actuators are never written.</summary>
    Advisory,

    /// <summary>The shielded action is written to the actuators (while the PLC permits it).</summary>
    Auto,
}
