// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A monitored item to create (OPC 10000-4/-6).</summary>
public sealed class MonitoredItemCreateRequest : IUaStructure
{
    /// <summary>Item To Monitor.</summary>
    public ReadValueId ItemToMonitor { get; set; } = new();

    /// <summary>Monitoring Mode.</summary>
    public MonitoringMode MonitoringMode { get; set; }

    /// <summary>Requested Parameters.</summary>
    public MonitoringParameters RequestedParameters { get; set; } = new();

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStructure(ItemToMonitor);
        w.WriteInt32((int)MonitoringMode);
        w.WriteStructure(RequestedParameters);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        r.ReadStructureInto(ItemToMonitor);
        MonitoringMode = (MonitoringMode)r.ReadInt32();
        r.ReadStructureInto(RequestedParameters);
    }
}
