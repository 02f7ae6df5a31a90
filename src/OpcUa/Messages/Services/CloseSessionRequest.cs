// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Close Session Request (OPC 10000-4/-6).</summary>
public sealed class CloseSessionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 473;

    /// <summary>Delete Subscriptions.</summary>
    public bool DeleteSubscriptions { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteBoolean(DeleteSubscriptions);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        DeleteSubscriptions = r.ReadBoolean();
    }
}
