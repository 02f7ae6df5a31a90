// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Sampling and queueing of a monitored item (OPC 10000-4/-6).</summary>
public sealed class MonitoringParameters : IUaStructure
{
    /// <summary>Client Handle.</summary>
    public uint ClientHandle { get; set; }

    /// <summary>Sampling Interval.</summary>
    public double SamplingInterval { get; set; }

    /// <summary>Filter.</summary>
    public ExtensionObject Filter { get; set; }

    /// <summary>Queue Size.</summary>
    public uint QueueSize { get; set; }

    /// <summary>Discard Oldest.</summary>
    public bool DiscardOldest { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(ClientHandle);
        w.WriteDouble(SamplingInterval);
        w.WriteExtensionObject(Filter);
        w.WriteUInt32(QueueSize);
        w.WriteBoolean(DiscardOldest);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ClientHandle = r.ReadUInt32();
        SamplingInterval = r.ReadDouble();
        Filter = r.ReadExtensionObject();
        QueueSize = r.ReadUInt32();
        DiscardOldest = r.ReadBoolean();
    }
}
