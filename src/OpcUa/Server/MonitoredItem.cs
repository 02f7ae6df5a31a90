using IndustrialSafeRL.OpcUa.Messages;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>A monitored Value attribute of one variable.</summary>
internal sealed class MonitoredItem(uint id, uint clientHandle, UaVariableNode node, TimestampsToReturn timestamps, MonitoringMode mode)
{
    public uint Id { get; } = id;

    public uint ClientHandle { get; } = clientHandle;

    public UaVariableNode Node { get; } = node;

    public TimestampsToReturn Timestamps { get; } = timestamps;

    public MonitoringMode Mode { get; set; } = mode;

    /// <summary>Version of the value last reported (−1: the initial value is still due).</summary>
    public long ReportedVersion { get; set; } = -1;

    public bool HasChange => Mode == MonitoringMode.Reporting && Node.Version != ReportedVersion;
}
