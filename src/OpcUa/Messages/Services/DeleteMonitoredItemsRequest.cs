// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Delete Monitored Items Request (OPC 10000-4/-6).</summary>
public sealed class DeleteMonitoredItemsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 781;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Monitored Item Ids.</summary>
    public uint[]? MonitoredItemIds { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteArray(MonitoredItemIds, static (x, v) => x.WriteUInt32(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        MonitoredItemIds = r.ReadArray("MonitoredItemIds", static (ref UaBinaryReader x) => x.ReadUInt32(), MonitoredItemIds);
    }
}
