// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Delete Subscriptions Request (OPC 10000-4/-6).</summary>
public sealed class DeleteSubscriptionsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 847;

    /// <summary>Subscription Ids.</summary>
    public uint[]? SubscriptionIds { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteArray(SubscriptionIds, static (x, v) => x.WriteUInt32(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionIds = r.ReadArray("SubscriptionIds", static (ref UaBinaryReader x) => x.ReadUInt32(), SubscriptionIds);
    }
}
