// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A software certificate (OPC 10000-4/-6).</summary>
public sealed class SignedSoftwareCertificate : IUaStructure
{
    /// <summary>Certificate Data.</summary>
    public byte[]? CertificateData { get; set; }

    /// <summary>Signature.</summary>
    public byte[]? Signature { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteByteString(CertificateData);
        w.WriteByteString(Signature);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        CertificateData = r.ReadByteString();
        Signature = r.ReadByteString();
    }
}
