// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Republish Response (OPC 10000-4/-6).</summary>
public sealed class RepublishResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 835;

    /// <summary>Notification Message.</summary>
    public NotificationMessage NotificationMessage { get; set; } = new();

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(NotificationMessage);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(NotificationMessage);
    }
}
