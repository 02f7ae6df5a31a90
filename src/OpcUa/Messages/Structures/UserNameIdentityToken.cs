// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A user name and password identity (OPC 10000-4/-6).</summary>
public sealed class UserNameIdentityToken : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 324;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Policy Id.</summary>
    public string? PolicyId { get; set; }

    /// <summary>User Name.</summary>
    public string? UserName { get; set; }

    /// <summary>Password.</summary>
    public byte[]? Password { get; set; }

    /// <summary>Encryption Algorithm.</summary>
    public string? EncryptionAlgorithm { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(PolicyId);
        w.WriteString(UserName);
        w.WriteByteString(Password);
        w.WriteString(EncryptionAlgorithm);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        PolicyId = r.ReadString();
        UserName = r.ReadString();
        Password = r.ReadByteString();
        EncryptionAlgorithm = r.ReadString();
    }
}
