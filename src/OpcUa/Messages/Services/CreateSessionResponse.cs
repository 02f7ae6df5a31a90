// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Create Session Response (OPC 10000-4/-6).</summary>
public sealed class CreateSessionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 464;

    /// <summary>Session Id.</summary>
    public NodeId SessionId { get; set; }

    /// <summary>Authentication Token.</summary>
    public NodeId AuthenticationToken { get; set; }

    /// <summary>Revised Session Timeout.</summary>
    public double RevisedSessionTimeout { get; set; }

    /// <summary>Server Nonce.</summary>
    public byte[]? ServerNonce { get; set; }

    /// <summary>Server Certificate.</summary>
    public byte[]? ServerCertificate { get; set; }

    /// <summary>Server Endpoints.</summary>
    public EndpointDescription[]? ServerEndpoints { get; set; }

    /// <summary>Server Software Certificates.</summary>
    public SignedSoftwareCertificate[]? ServerSoftwareCertificates { get; set; }

    /// <summary>Server Signature.</summary>
    public SignatureData ServerSignature { get; set; } = new();

    /// <summary>Max Request Message Size.</summary>
    public uint MaxRequestMessageSize { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteNodeId(SessionId);
        w.WriteNodeId(AuthenticationToken);
        w.WriteDouble(RevisedSessionTimeout);
        w.WriteByteString(ServerNonce);
        w.WriteByteString(ServerCertificate);
        w.WriteStructureArray(ServerEndpoints);
        w.WriteStructureArray(ServerSoftwareCertificates);
        w.WriteStructure(ServerSignature);
        w.WriteUInt32(MaxRequestMessageSize);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SessionId = r.ReadNodeId();
        AuthenticationToken = r.ReadNodeId();
        RevisedSessionTimeout = r.ReadDouble();
        ServerNonce = r.ReadByteString();
        ServerCertificate = r.ReadByteString();
        ServerEndpoints = r.ReadStructureArray<EndpointDescription>("ServerEndpoints", ServerEndpoints);
        ServerSoftwareCertificates = r.ReadStructureArray<SignedSoftwareCertificate>("ServerSoftwareCertificates", ServerSoftwareCertificates);
        r.ReadStructureInto(ServerSignature);
        MaxRequestMessageSize = r.ReadUInt32();
    }
}
