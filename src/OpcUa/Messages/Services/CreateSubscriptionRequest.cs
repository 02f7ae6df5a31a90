// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Create Subscription Request (OPC 10000-4/-6).</summary>
public sealed class CreateSubscriptionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 787;

    /// <summary>Requested Publishing Interval.</summary>
    public double RequestedPublishingInterval { get; set; }

    /// <summary>Requested Lifetime Count.</summary>
    public uint RequestedLifetimeCount { get; set; }

    /// <summary>Requested Max Keep Alive Count.</summary>
    public uint RequestedMaxKeepAliveCount { get; set; }

    /// <summary>Max Notifications Per Publish.</summary>
    public uint MaxNotificationsPerPublish { get; set; }

    /// <summary>Publishing Enabled.</summary>
    public bool PublishingEnabled { get; set; }

    /// <summary>Priority.</summary>
    public byte Priority { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteDouble(RequestedPublishingInterval);
        w.WriteUInt32(RequestedLifetimeCount);
        w.WriteUInt32(RequestedMaxKeepAliveCount);
        w.WriteUInt32(MaxNotificationsPerPublish);
        w.WriteBoolean(PublishingEnabled);
        w.WriteByte(Priority);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        RequestedPublishingInterval = r.ReadDouble();
        RequestedLifetimeCount = r.ReadUInt32();
        RequestedMaxKeepAliveCount = r.ReadUInt32();
        MaxNotificationsPerPublish = r.ReadUInt32();
        PublishingEnabled = r.ReadBoolean();
        Priority = r.ReadByte();
    }
}
