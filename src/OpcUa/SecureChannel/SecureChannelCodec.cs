using System.Buffers.Binary;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Transport;

namespace IndustrialSafeRL.OpcUa.SecureChannel;

/// <summary>
/// The UA-SC layer of one connection, without I/O: splits outgoing messages into chunks (sequence numbers per chunk,
/// negotiated chunk size, peer limits) and reassembles incoming chunks (channel id, token id, sequence number, chunk
/// count and message size checks, abort chunks). Not thread-safe: the owner serialises sends and receives separately.
/// </summary>
public sealed class SecureChannelCodec
{
    /// <summary>Fixed part of a symmetric chunk: header 8 + channel id 4 + token id 4 + sequence header 8.</summary>
    public const int SymmetricHeaderSize = 24;

    private readonly UaBinaryWriter _body;
    private readonly UaBinaryWriter _out;
    private readonly UaBinaryWriter _asymmetricHeader = new(256);
    private readonly byte[] _token = new byte[4];
    private byte[] _assembly;
    private int _assemblyLength;
    private int _assemblyChunks;
    private uint _assemblyRequestId;
    private uint _assemblyType;
    private uint _sendSequence;
    private uint? _lastReceivedSequence;

    /// <summary>Creates the codec.</summary>
    public SecureChannelCodec(ChannelLimits limits, ISecurityPolicy? policy = null, uint firstSequenceNumber = 1)
    {
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        Policy = policy ?? SecurityPolicyNone.Instance;
        _body = new UaBinaryWriter(8192, limits.Encoding);
        _out = new UaBinaryWriter(8192, limits.Encoding);
        _assembly = new byte[8192];
        _sendSequence = firstSequenceNumber;
    }

    /// <summary>Negotiated sizes.</summary>
    public ChannelLimits Limits { get; }

    /// <summary>Security policy of the channel.</summary>
    public ISecurityPolicy Policy { get; }

    /// <summary>SecureChannelId (0 until the server assigns one).</summary>
    public uint ChannelId { get; set; }

    /// <summary>Token used for outgoing MSG/CLO chunks.</summary>
    public uint SendTokenId { get; set; }

    /// <summary>Current token accepted on incoming chunks.</summary>
    public uint CurrentTokenId { get; set; }

    /// <summary>Previous token, still accepted until it expires (0 = none).</summary>
    public uint PreviousTokenId { get; set; }

    /// <summary>When false, incoming MSG chunks are not checked against the channel id and tokens (the client side before OPN).</summary>
    public bool CheckTokens { get; set; } = true;

    /// <summary>Body of the last completed message (valid until the next chunk is accepted).</summary>
    public ReadOnlySpan<byte> MessageBody => _assembly.AsSpan(0, _assemblyLength);

    /// <summary>Message type of the last completed or aborted message.</summary>
    public uint MessageType => _assemblyType;

    /// <summary>RequestId of the last completed or aborted message.</summary>
    public uint RequestId => _assemblyRequestId;

    /// <summary>Status sent in the last abort chunk.</summary>
    public uint AbortStatus { get; private set; }

    /// <summary>Reason sent in the last abort chunk.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>Sequence number of the last accepted chunk.</summary>
    public uint? LastReceivedSequenceNumber => _lastReceivedSequence;

    /// <summary>Security policy URI from the last OPN chunk.</summary>
    public string? ReceivedPolicyUri { get; private set; }

    /// <summary>
    /// Encodes <paramref name="message"/> as one or more chunks of <paramref name="messageType"/> and returns the bytes to
    /// send (valid until the next call). Throws BadRequestTooLarge/BadResponseTooLarge (per <paramref name="tooLargeStatus"/>)
    /// when the message exceeds the peer's limits; nothing is consumed then.
    /// </summary>
    public ReadOnlyMemory<byte> Encode(uint messageType, uint requestId, IEncodeable message, uint tooLargeStatus = StatusCodes.BadRequestTooLarge)
    {
        _body.Reset();
        MessageCodec.Encode(_body, message);
        return Chunk(messageType, requestId, _body.WrittenSpan, tooLargeStatus);
    }

    /// <summary>Splits an encoded message body into chunks.</summary>
    public ReadOnlyMemory<byte> Chunk(uint messageType, uint requestId, ReadOnlySpan<byte> body, uint tooLargeStatus)
    {
        ReadOnlySpan<byte> securityHeader;
        if (messageType == TcpMessageType.Open)
        {
            _asymmetricHeader.Reset();
            _asymmetricHeader.WriteString(Policy.PolicyUri);
            _asymmetricHeader.WriteByteString(Policy.SenderCertificate);
            _asymmetricHeader.WriteByteString(Policy.ReceiverCertificateThumbprint);
            securityHeader = _asymmetricHeader.WrittenSpan;
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_token, SendTokenId);
            securityHeader = _token;
        }

        var headerSize = 12 + securityHeader.Length + 8;
        var isOpen = messageType == TcpMessageType.Open;
        var maxBody = Limits.SendChunkSize - headerSize - (isOpen ? Policy.AsymmetricSignatureSize : Policy.SymmetricSignatureSize);
        if (maxBody <= 0)
        {
            throw new UaStatusException(StatusCodes.BadTcpInternalError, $"chunk size {Limits.SendChunkSize} leaves no room for a body");
        }

        var chunks = Math.Max(1, (body.Length + maxBody - 1) / maxBody);
        if ((Limits.PeerMaxMessageSize > 0 && body.Length > Limits.PeerMaxMessageSize)
            || (Limits.PeerMaxChunkCount > 0 && chunks > Limits.PeerMaxChunkCount)
            || (messageType != TcpMessageType.Message && chunks > 1))
        {
            throw new UaStatusException(tooLargeStatus, $"message of {body.Length} bytes in {chunks} chunks exceeds the peer's limits ({Limits.PeerMaxMessageSize} bytes, {Limits.PeerMaxChunkCount} chunks)");
        }

        _out.Reset();
        for (var i = 0; i < chunks; i++)
        {
            var part = body.Slice(i * maxBody, Math.Min(maxBody, body.Length - (i * maxBody)));
            var start = TcpFrame.BeginMessage(_out, messageType, i == chunks - 1 ? TcpMessageType.Final : TcpMessageType.Intermediate);
            _out.WriteUInt32(ChannelId);
            _out.WriteBytes(securityHeader);
            var secured = _out.Position - start;
            _out.WriteUInt32(NextSequenceNumber());
            _out.WriteUInt32(requestId);
            _out.WriteBytes(part);
            TcpFrame.EndMessage(_out, start);
            var written = _out.Buffer.AsSpan(start, _out.Position - start);
            if (isOpen)
            {
                Policy.SecureAsymmetricChunk(written, secured);
            }
            else
            {
                Policy.SecureChunk(written, secured, SendTokenId);
            }
        }

        return _out.WrittenMemory;
    }

    /// <summary>Encodes an abort chunk for <paramref name="requestId"/>.</summary>
    public ReadOnlyMemory<byte> EncodeAbort(uint requestId, uint status, string reason)
    {
        _out.Reset();
        var start = TcpFrame.BeginMessage(_out, TcpMessageType.Message, TcpMessageType.Abort);
        _out.WriteUInt32(ChannelId);
        _out.WriteUInt32(SendTokenId);
        _out.WriteUInt32(NextSequenceNumber());
        _out.WriteUInt32(requestId);
        _out.WriteUInt32(status);
        _out.WriteString(reason);
        TcpFrame.EndMessage(_out, start);
        return _out.WrittenMemory;
    }

    private uint NextSequenceNumber()
    {
        var value = _sendSequence;
        // Legacy sequence numbers wrap before UInt32.MaxValue - 1024 to a value below 1024.
        _sendSequence = value >= uint.MaxValue - 1024 ? 1 : value + 1;
        return value;
    }

    /// <summary>
    /// Feeds one whole OPN/MSG/CLO chunk. Throws <see cref="UaStatusException"/> for violations that must close the channel
    /// (unknown channel or token, sequence gap, too many chunks, message too large, malformed headers).
    /// </summary>
    public ChunkOutcome Accept(Span<byte> chunk)
    {
        if (chunk.Length < 12)
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTooLarge, $"chunk of {chunk.Length} bytes is shorter than a secure conversation header");
        }

        var (type, chunkType, size) = TcpFrame.ParseHeader(chunk);
        if (!TcpMessageType.IsSecureConversation(type) || size != chunk.Length)
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, $"{TcpMessageType.Name(type)} is not a secure conversation chunk of {chunk.Length} bytes");
        }

        var channelId = BinaryPrimitives.ReadUInt32LittleEndian(chunk[8..]);
        var reader = new UaBinaryReader(chunk[12..], Limits.Encoding with { MaxStringLength = 1024, MaxByteStringLength = 16384 });
        uint tokenId = 0;
        byte[]? senderCertificate = null;
        if (type == TcpMessageType.Open)
        {
            ReceivedPolicyUri = reader.ReadString();
            senderCertificate = reader.ReadByteString();
            reader.ReadByteString();
        }
        else
        {
            tokenId = reader.ReadUInt32();
            if (CheckTokens)
            {
                if (channelId != ChannelId)
                {
                    throw new UaStatusException(StatusCodes.BadTcpSecureChannelUnknown, $"chunk for channel {channelId} on channel {ChannelId} (byte 8)");
                }

                if (tokenId != CurrentTokenId && (tokenId != PreviousTokenId || PreviousTokenId == 0))
                {
                    throw new UaStatusException(StatusCodes.BadSecureChannelTokenUnknown, $"token {tokenId} is not current ({CurrentTokenId}) (byte 12)");
                }
            }
        }

        var secured = 12 + reader.Position;
        var plainLength = type == TcpMessageType.Open
            ? Policy.UnsecureAsymmetricChunk(chunk, secured, senderCertificate)
            : Policy.UnsecureChunk(chunk, secured, tokenId);
        reader = new UaBinaryReader(chunk[secured..plainLength], Limits.Encoding);
        var sequence = reader.ReadUInt32();
        var requestId = reader.ReadUInt32();
        CheckSequence(sequence, secured);
        var payload = chunk[(secured + 8)..plainLength];

        if (chunkType == TcpMessageType.Abort)
        {
            var abort = new UaBinaryReader(payload, Limits.Encoding with { MaxStringLength = 4096 });
            AbortStatus = abort.ReadUInt32();
            AbortReason = abort.ReadString();
            _assemblyType = type;
            _assemblyRequestId = requestId;
            _assemblyLength = 0;
            _assemblyChunks = 0;
            return ChunkOutcome.Aborted;
        }

        if (_assemblyChunks > 0 && (requestId != _assemblyRequestId || type != _assemblyType))
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, $"chunk of request {requestId} interleaved with the chunks of request {_assemblyRequestId}");
        }

        if (_assemblyChunks == 0)
        {
            if (_assembly.Length > 1 << 20)
            {
                // Give back the memory of an unusually large message.
                _assembly = new byte[8192];
            }

            _assemblyLength = 0;
            _assemblyRequestId = requestId;
            _assemblyType = type;
        }

        _assemblyChunks++;
        if (_assemblyChunks > Limits.Encoding.MaxChunkCount || _assemblyLength + payload.Length > Limits.Encoding.MaxMessageSize)
        {
            _assemblyChunks = 0;
            throw new UaStatusException(StatusCodes.BadTcpMessageTooLarge, $"message of request {requestId} exceeds {Limits.Encoding.MaxChunkCount} chunks or {Limits.Encoding.MaxMessageSize} bytes");
        }

        if (_assemblyLength + payload.Length > _assembly.Length)
        {
            Array.Resize(ref _assembly, Math.Max(_assemblyLength + payload.Length, _assembly.Length * 2));
        }

        payload.CopyTo(_assembly.AsSpan(_assemblyLength));
        _assemblyLength += payload.Length;
        if (chunkType == TcpMessageType.Intermediate)
        {
            if (type != TcpMessageType.Message)
            {
                throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, $"{TcpMessageType.Name(type)} must fit in one chunk");
            }

            return ChunkOutcome.Incomplete;
        }

        _assemblyChunks = 0;
        return ChunkOutcome.Complete;
    }

    private void CheckSequence(uint sequence, int offset)
    {
        if (_lastReceivedSequence is { } last)
        {
            var expected = last >= uint.MaxValue - 1024 ? sequence < 1024 : sequence == last + 1;
            if (!expected)
            {
                throw new UaStatusException(StatusCodes.BadSequenceNumberInvalid, $"sequence number {sequence} does not follow {last} (byte {offset})");
            }
        }

        _lastReceivedSequence = sequence;
    }
}
