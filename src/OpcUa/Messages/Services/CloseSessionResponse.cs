// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Close Session Response (OPC 10000-4/-6).</summary>
public sealed class CloseSessionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 476;

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
    }
}
