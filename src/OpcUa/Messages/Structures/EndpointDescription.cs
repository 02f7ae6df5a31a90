// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>An endpoint of a server (OPC 10000-4/-6).</summary>
public sealed class EndpointDescription : IUaStructure
{
    /// <summary>Endpoint Url.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>Server.</summary>
    public ApplicationDescription Server { get; set; } = new();

    /// <summary>Server Certificate.</summary>
    public byte[]? ServerCertificate { get; set; }

    /// <summary>Security Mode.</summary>
    public MessageSecurityMode SecurityMode { get; set; }

    /// <summary>Security Policy Uri.</summary>
    public string? SecurityPolicyUri { get; set; }

    /// <summary>User Identity Tokens.</summary>
    public UserTokenPolicy[]? UserIdentityTokens { get; set; }

    /// <summary>Transport Profile Uri.</summary>
    public string? TransportProfileUri { get; set; }

    /// <summary>Security Level.</summary>
    public byte SecurityLevel { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(EndpointUrl);
        w.WriteStructure(Server);
        w.WriteByteString(ServerCertificate);
        w.WriteInt32((int)SecurityMode);
        w.WriteString(SecurityPolicyUri);
        w.WriteStructureArray(UserIdentityTokens);
        w.WriteString(TransportProfileUri);
        w.WriteByte(SecurityLevel);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        EndpointUrl = r.ReadString();
        r.ReadStructureInto(Server);
        ServerCertificate = r.ReadByteString();
        SecurityMode = (MessageSecurityMode)r.ReadInt32();
        SecurityPolicyUri = r.ReadString();
        UserIdentityTokens = r.ReadStructureArray<UserTokenPolicy>("UserIdentityTokens", UserIdentityTokens);
        TransportProfileUri = r.ReadString();
        SecurityLevel = r.ReadByte();
    }
}
