using IndustrialSafeRL.OpcUa.Messages;

namespace IndustrialSafeRL.OpcUa.SecureChannel;

/// <summary>
/// What a security policy contributes to a chunk: the certificates of the asymmetric (OPN) header, sizes of signatures
/// and cipher blocks, and the in-place sign/encrypt and decrypt/verify steps for asymmetric (OPN) and symmetric
/// (MSG/CLO) chunks. <see cref="SecureChannelCodec"/> only talks to this interface, so Basic256Sha256 slots in beside
/// <see cref="SecurityPolicyNone"/> without touching the codec or the services.
/// </summary>
public interface ISecurityPolicy
{
    /// <summary>The policy URI sent in the asymmetric security header.</summary>
    string PolicyUri { get; }

    /// <summary>The mode the channel runs in.</summary>
    MessageSecurityMode SecurityMode { get; }

    /// <summary>Own DER certificate for the OPN header (null for None).</summary>
    byte[]? SenderCertificate { get; }

    /// <summary>SHA-1 thumbprint of the peer's certificate for the OPN header (null for None).</summary>
    byte[]? ReceiverCertificateThumbprint { get; }

    /// <summary>Bytes appended to an OPN chunk for the asymmetric signature (0 for None).</summary>
    int AsymmetricSignatureSize { get; }

    /// <summary>Bytes appended to each symmetric chunk for the signature (0 for None).</summary>
    int SymmetricSignatureSize { get; }

    /// <summary>Plaintext block size for padding (1 = no padding).</summary>
    int SymmetricBlockSize { get; }

    /// <summary>Signs (and encrypts) a finished OPN chunk in place; <paramref name="securedFrom"/> is the sequence header offset.</summary>
    void SecureAsymmetricChunk(Span<byte> chunk, int securedFrom);

    /// <summary>Verifies (and decrypts) a received OPN chunk in place; returns the plaintext length without padding and signature.</summary>
    int UnsecureAsymmetricChunk(Span<byte> chunk, int securedFrom, byte[]? senderCertificate);

    /// <summary>
    /// Signs and encrypts a finished chunk in place. <paramref name="chunk"/> is the whole chunk; <paramref name="securedFrom"/>
    /// is the offset of the sequence header (where encryption starts).
    /// </summary>
    void SecureChunk(Span<byte> chunk, int securedFrom, uint tokenId);

    /// <summary>Decrypts and verifies a received chunk in place; returns the length of the plaintext chunk without padding and signature.</summary>
    int UnsecureChunk(Span<byte> chunk, int securedFrom, uint tokenId);
}
