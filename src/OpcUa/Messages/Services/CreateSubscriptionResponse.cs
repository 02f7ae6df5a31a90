// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Create Subscription Response (OPC 10000-4/-6).</summary>
public sealed class CreateSubscriptionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 790;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Revised Publishing Interval.</summary>
    public double RevisedPublishingInterval { get; set; }

    /// <summary>Revised Lifetime Count.</summary>
    public uint RevisedLifetimeCount { get; set; }

    /// <summary>Revised Max Keep Alive Count.</summary>
    public uint RevisedMaxKeepAliveCount { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteDouble(RevisedPublishingInterval);
        w.WriteUInt32(RevisedLifetimeCount);
        w.WriteUInt32(RevisedMaxKeepAliveCount);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        RevisedPublishingInterval = r.ReadDouble();
        RevisedLifetimeCount = r.ReadUInt32();
        RevisedMaxKeepAliveCount = r.ReadUInt32();
    }
}
