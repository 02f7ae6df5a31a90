namespace IndustrialSafeRL.Controller.Host.Configuration;

/// <summary>The plant's tags: names (as the policy manifest uses them) mapped to OPC UA node ids.</summary>
public sealed class TagOptions
{
    /// <summary>Observation tags in the order the host keeps them. Default: the IB tag set.</summary>
    public List<TagBinding> Observations { get; set; } = [];

    /// <summary>Actuator tags the policy drives, with engineering limits. Default: the IB tag set.</summary>
    public List<ActuatorBinding> Actuators { get; set; } = [];

    /// <summary>
    /// Guide tags: the PLC's own controller's action, one tag per actuator, read with the observations every cycle for
    /// packages exported with a PLC-tag guide (<c>isrl train --guide tag</c>); <see cref="TagBinding.Name"/> is the name
    /// the manifest's <c>guide.tags</c> uses (the trainer names them after the action tags). Optional; default none,
    /// and a package with a guide input is then refused.
    /// </summary>
    public List<TagBinding> Guides { get; set; } = [];
}

/// <summary>One plant tag.</summary>
public sealed class TagBinding
{
    /// <summary>Tag name as the policy manifest names it.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>OPC UA node id, e.g. <c>ns=2;s=IB.Observation.velocity</c>.</summary>
    public string NodeId { get; set; } = string.Empty;
}

/// <summary>One actuator tag with its engineering limits and its advisory tag.</summary>
public sealed class ActuatorBinding
{
    /// <summary>Tag name as the policy manifest names it.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>OPC UA node id of the actuator (written only in Auto).</summary>
    public string NodeId { get; set; } = string.Empty;

    /// <summary>OPC UA node id the Advisory mode publishes the recommended value to; empty = no advisory for this tag.</summary>
    public string AdvisoryNodeId { get; set; } = string.Empty;

    /// <summary>Engineering minimum. Default -1.</summary>
    public double Min { get; set; } = -1;

    /// <summary>Engineering maximum. Default 1.</summary>
    public double Max { get; set; } = 1;

    /// <summary>True when the value is an increment (the IB's delta actions): holding means writing 0, not the current value. Default false.</summary>
    public bool Increment { get; set; }
}
