// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Notifications of one publishing cycle (OPC 10000-4/-6).</summary>
public sealed class NotificationMessage : IUaStructure
{
    /// <summary>Sequence Number.</summary>
    public uint SequenceNumber { get; set; }

    /// <summary>Publish Time.</summary>
    public DateTime PublishTime { get; set; }

    /// <summary>Notification Data.</summary>
    public ExtensionObject[]? NotificationData { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(SequenceNumber);
        w.WriteDateTime(PublishTime);
        w.WriteArray(NotificationData, static (x, v) => x.WriteExtensionObject(v));
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        SequenceNumber = r.ReadUInt32();
        PublishTime = r.ReadDateTime();
        NotificationData = r.ReadArray("NotificationData", static (ref UaBinaryReader x) => x.ReadExtensionObject(), NotificationData);
    }
}
