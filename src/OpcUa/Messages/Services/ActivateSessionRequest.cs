// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Activate Session Request (OPC 10000-4/-6).</summary>
public sealed class ActivateSessionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 467;

    /// <summary>Client Signature.</summary>
    public SignatureData ClientSignature { get; set; } = new();

    /// <summary>Client Software Certificates.</summary>
    public SignedSoftwareCertificate[]? ClientSoftwareCertificates { get; set; }

    /// <summary>Locale Ids.</summary>
    public string?[]? LocaleIds { get; set; }

    /// <summary>User Identity Token.</summary>
    public ExtensionObject UserIdentityToken { get; set; }

    /// <summary>User Token Signature.</summary>
    public SignatureData UserTokenSignature { get; set; } = new();

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(ClientSignature);
        w.WriteStructureArray(ClientSoftwareCertificates);
        w.WriteArray(LocaleIds, static (x, v) => x.WriteString(v));
        w.WriteExtensionObject(UserIdentityToken);
        w.WriteStructure(UserTokenSignature);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(ClientSignature);
        ClientSoftwareCertificates = r.ReadStructureArray<SignedSoftwareCertificate>("ClientSoftwareCertificates", ClientSoftwareCertificates);
        LocaleIds = r.ReadArray("LocaleIds", static (ref UaBinaryReader x) => x.ReadString(), LocaleIds);
        UserIdentityToken = r.ReadExtensionObject();
        r.ReadStructureInto(UserTokenSignature);
    }
}
