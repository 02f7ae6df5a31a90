using IndustrialSafeRL.OpcUa.Messages;

namespace IndustrialSafeRL.OpcUa.SecureChannel;

/// <summary>SecurityPolicy None: nothing signed, nothing encrypted. Only for loopback and segmented networks.</summary>
public sealed class SecurityPolicyNone : ISecurityPolicy
{
    /// <summary>The policy URI.</summary>
    public const string Uri = "http://opcfoundation.org/UA/SecurityPolicy#None";

    /// <summary>The shared instance.</summary>
    public static SecurityPolicyNone Instance { get; } = new();

    /// <inheritdoc/>
    public string PolicyUri => Uri;

    /// <inheritdoc/>
    public MessageSecurityMode SecurityMode => MessageSecurityMode.None;

    /// <inheritdoc/>
    public byte[]? SenderCertificate => null;

    /// <inheritdoc/>
    public byte[]? ReceiverCertificateThumbprint => null;

    /// <inheritdoc/>
    public int AsymmetricSignatureSize => 0;

    /// <inheritdoc/>
    public int SymmetricSignatureSize => 0;

    /// <inheritdoc/>
    public int SymmetricBlockSize => 1;

    /// <inheritdoc/>
    public void SecureAsymmetricChunk(Span<byte> chunk, int securedFrom) { }

    /// <inheritdoc/>
    public int UnsecureAsymmetricChunk(Span<byte> chunk, int securedFrom, byte[]? senderCertificate) => chunk.Length;

    /// <inheritdoc/>
    public void SecureChunk(Span<byte> chunk, int securedFrom, uint tokenId) { }

    /// <inheritdoc/>
    public int UnsecureChunk(Span<byte> chunk, int securedFrom, uint tokenId) => chunk.Length;
}
