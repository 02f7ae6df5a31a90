// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Open Secure Channel Request (OPC 10000-4/-6).</summary>
public sealed class OpenSecureChannelRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 446;

    /// <summary>Client Protocol Version.</summary>
    public uint ClientProtocolVersion { get; set; }

    /// <summary>Request Type.</summary>
    public SecurityTokenRequestType RequestType { get; set; }

    /// <summary>Security Mode.</summary>
    public MessageSecurityMode SecurityMode { get; set; }

    /// <summary>Client Nonce.</summary>
    public byte[]? ClientNonce { get; set; }

    /// <summary>Requested Lifetime.</summary>
    public uint RequestedLifetime { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(ClientProtocolVersion);
        w.WriteInt32((int)RequestType);
        w.WriteInt32((int)SecurityMode);
        w.WriteByteString(ClientNonce);
        w.WriteUInt32(RequestedLifetime);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ClientProtocolVersion = r.ReadUInt32();
        RequestType = (SecurityTokenRequestType)r.ReadInt32();
        SecurityMode = (MessageSecurityMode)r.ReadInt32();
        ClientNonce = r.ReadByteString();
        RequestedLifetime = r.ReadUInt32();
    }
}
