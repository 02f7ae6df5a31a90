// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A kind of user identity an endpoint accepts (OPC 10000-4/-6).</summary>
public sealed class UserTokenPolicy : IUaStructure
{
    /// <summary>Policy Id.</summary>
    public string? PolicyId { get; set; }

    /// <summary>Token Type.</summary>
    public UserTokenType TokenType { get; set; }

    /// <summary>Issued Token Type.</summary>
    public string? IssuedTokenType { get; set; }

    /// <summary>Issuer Endpoint Url.</summary>
    public string? IssuerEndpointUrl { get; set; }

    /// <summary>Security Policy Uri.</summary>
    public string? SecurityPolicyUri { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(PolicyId);
        w.WriteInt32((int)TokenType);
        w.WriteString(IssuedTokenType);
        w.WriteString(IssuerEndpointUrl);
        w.WriteString(SecurityPolicyUri);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        PolicyId = r.ReadString();
        TokenType = (UserTokenType)r.ReadInt32();
        IssuedTokenType = r.ReadString();
        IssuerEndpointUrl = r.ReadString();
        SecurityPolicyUri = r.ReadString();
    }
}
