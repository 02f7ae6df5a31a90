// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Open Secure Channel Response (OPC 10000-4/-6).</summary>
public sealed class OpenSecureChannelResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 449;

    /// <summary>Server Protocol Version.</summary>
    public uint ServerProtocolVersion { get; set; }

    /// <summary>Security Token.</summary>
    public ChannelSecurityToken SecurityToken { get; set; } = new();

    /// <summary>Server Nonce.</summary>
    public byte[]? ServerNonce { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(ServerProtocolVersion);
        w.WriteStructure(SecurityToken);
        w.WriteByteString(ServerNonce);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ServerProtocolVersion = r.ReadUInt32();
        r.ReadStructureInto(SecurityToken);
        ServerNonce = r.ReadByteString();
    }
}
