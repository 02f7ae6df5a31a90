// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Publish Response (OPC 10000-4/-6).</summary>
public sealed class PublishResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 829;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Available Sequence Numbers.</summary>
    public uint[]? AvailableSequenceNumbers { get; set; }

    /// <summary>More Notifications.</summary>
    public bool MoreNotifications { get; set; }

    /// <summary>Notification Message.</summary>
    public NotificationMessage NotificationMessage { get; set; } = new();

    /// <summary>Results.</summary>
    public uint[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteArray(AvailableSequenceNumbers, static (x, v) => x.WriteUInt32(v));
        w.WriteBoolean(MoreNotifications);
        w.WriteStructure(NotificationMessage);
        w.WriteArray(Results, static (x, v) => x.WriteStatusCode(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        AvailableSequenceNumbers = r.ReadArray("AvailableSequenceNumbers", static (ref UaBinaryReader x) => x.ReadUInt32(), AvailableSequenceNumbers);
        MoreNotifications = r.ReadBoolean();
        r.ReadStructureInto(NotificationMessage);
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadStatusCode(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}
