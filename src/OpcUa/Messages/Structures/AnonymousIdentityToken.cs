// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>The anonymous user identity (OPC 10000-4/-6).</summary>
public sealed class AnonymousIdentityToken : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 321;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Policy Id.</summary>
    public string? PolicyId { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(PolicyId);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        PolicyId = r.ReadString();
    }
}
