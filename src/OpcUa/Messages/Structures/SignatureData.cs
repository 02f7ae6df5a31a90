// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A signature and its algorithm (OPC 10000-4/-6).</summary>
public sealed class SignatureData : IUaStructure
{
    /// <summary>Algorithm.</summary>
    public string? Algorithm { get; set; }

    /// <summary>Signature.</summary>
    public byte[]? Signature { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(Algorithm);
        w.WriteByteString(Signature);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Algorithm = r.ReadString();
        Signature = r.ReadByteString();
    }
}
