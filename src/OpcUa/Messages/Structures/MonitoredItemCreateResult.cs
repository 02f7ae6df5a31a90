// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Result of creating one monitored item (OPC 10000-4/-6).</summary>
public sealed class MonitoredItemCreateResult : IUaStructure
{
    /// <summary>Status Code.</summary>
    public uint StatusCode { get; set; }

    /// <summary>Monitored Item Id.</summary>
    public uint MonitoredItemId { get; set; }

    /// <summary>Revised Sampling Interval.</summary>
    public double RevisedSamplingInterval { get; set; }

    /// <summary>Revised Queue Size.</summary>
    public uint RevisedQueueSize { get; set; }

    /// <summary>Filter Result.</summary>
    public ExtensionObject FilterResult { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(StatusCode);
        w.WriteUInt32(MonitoredItemId);
        w.WriteDouble(RevisedSamplingInterval);
        w.WriteUInt32(RevisedQueueSize);
        w.WriteExtensionObject(FilterResult);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StatusCode = r.ReadStatusCode();
        MonitoredItemId = r.ReadUInt32();
        RevisedSamplingInterval = r.ReadDouble();
        RevisedQueueSize = r.ReadUInt32();
        FilterResult = r.ReadExtensionObject();
    }
}
