// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Create Session Request (OPC 10000-4/-6).</summary>
public sealed class CreateSessionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 461;

    /// <summary>Client Description.</summary>
    public ApplicationDescription ClientDescription { get; set; } = new();

    /// <summary>Server Uri.</summary>
    public string? ServerUri { get; set; }

    /// <summary>Endpoint Url.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>Session Name.</summary>
    public string? SessionName { get; set; }

    /// <summary>Client Nonce.</summary>
    public byte[]? ClientNonce { get; set; }

    /// <summary>Client Certificate.</summary>
    public byte[]? ClientCertificate { get; set; }

    /// <summary>Requested Session Timeout.</summary>
    public double RequestedSessionTimeout { get; set; }

    /// <summary>Max Response Message Size.</summary>
    public uint MaxResponseMessageSize { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(ClientDescription);
        w.WriteString(ServerUri);
        w.WriteString(EndpointUrl);
        w.WriteString(SessionName);
        w.WriteByteString(ClientNonce);
        w.WriteByteString(ClientCertificate);
        w.WriteDouble(RequestedSessionTimeout);
        w.WriteUInt32(MaxResponseMessageSize);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(ClientDescription);
        ServerUri = r.ReadString();
        EndpointUrl = r.ReadString();
        SessionName = r.ReadString();
        ClientNonce = r.ReadByteString();
        ClientCertificate = r.ReadByteString();
        RequestedSessionTimeout = r.ReadDouble();
        MaxResponseMessageSize = r.ReadUInt32();
    }
}
