// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Acknowledges one notification message (OPC 10000-4/-6).</summary>
public sealed class SubscriptionAcknowledgement : IUaStructure
{
    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Sequence Number.</summary>
    public uint SequenceNumber { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(SubscriptionId);
        w.WriteUInt32(SequenceNumber);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        SubscriptionId = r.ReadUInt32();
        SequenceNumber = r.ReadUInt32();
    }
}
