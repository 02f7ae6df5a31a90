namespace IndustrialSafeRL.Controller.Host.Configuration;

/// <summary>
/// The two-way watchdog with the PLC: the host increments <see cref="HeartbeatNodeId"/> every healthy cycle (the PLC
/// drops the permissive when it freezes), reads the PLC's <see cref="LifeBitNodeId"/> (the host sheds when it freezes)
/// and writes actuators only while <see cref="PermissiveNodeId"/> is true.
/// </summary>
public sealed class HandshakeOptions
{
    /// <summary>Require the handshake. Always true for the installed service; only a foreground trial may set false (logged as a warning). Default true.</summary>
    public bool Required { get; set; } = true;

    /// <summary>PLC permissive (Boolean, read). Default <c>ns=2;s=IB.Plc.permissive</c> (the simulator's).</summary>
    public string PermissiveNodeId { get; set; } = "ns=2;s=IB.Plc.permissive";

    /// <summary>PLC life bit or counter (read; any change counts as alive). Default <c>ns=2;s=IB.Plc.life_bit</c> (the simulator's).</summary>
    public string LifeBitNodeId { get; set; } = "ns=2;s=IB.Plc.life_bit";

    /// <summary>Host heartbeat counter (written each healthy cycle). Default <c>ns=2;s=IB.Plc.heartbeat</c> (the simulator's).</summary>
    public string HeartbeatNodeId { get; set; } = "ns=2;s=IB.Plc.heartbeat";

    /// <summary>Shed when the life bit has not changed for this many cycles. Default 10; at least 2.</summary>
    public int LifeBitFreezeCycles { get; set; } = 10;
}
