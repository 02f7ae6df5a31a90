// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Republish Request (OPC 10000-4/-6).</summary>
public sealed class RepublishRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 832;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Retransmit Sequence Number.</summary>
    public uint RetransmitSequenceNumber { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteUInt32(RetransmitSequenceNumber);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        RetransmitSequenceNumber = r.ReadUInt32();
    }
}
