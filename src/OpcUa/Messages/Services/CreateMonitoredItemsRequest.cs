// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Create Monitored Items Request (OPC 10000-4/-6).</summary>
public sealed class CreateMonitoredItemsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 751;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Timestamps To Return.</summary>
    public TimestampsToReturn TimestampsToReturn { get; set; }

    /// <summary>Items To Create.</summary>
    public MonitoredItemCreateRequest[]? ItemsToCreate { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteInt32((int)TimestampsToReturn);
        w.WriteStructureArray(ItemsToCreate);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        TimestampsToReturn = (TimestampsToReturn)r.ReadInt32();
        ItemsToCreate = r.ReadStructureArray<MonitoredItemCreateRequest>("ItemsToCreate", ItemsToCreate);
    }
}
