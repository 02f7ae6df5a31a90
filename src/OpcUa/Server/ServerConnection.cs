using System.Net.Sockets;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Transport;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>
/// One client socket: HEL/ACK, the secure channel (OPN issue/renew, token and sequence checks, CLO) and the request loop.
/// Every protocol violation ends in an ERR with the right Bad status and a closed socket; no exception leaves this class.
/// </summary>
internal sealed class ServerConnection : IAsyncDisposable
{
    private static int s_nextChannelId = (int)(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond % 1_000_000) + 1;
    private readonly UaServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ChannelLimits _limits;
    private readonly SecureChannelCodec _codec;
    private readonly UaBinaryWriter _plain = new(256);
    private readonly ReadRequest _readRequest = new();
    private readonly WriteRequest _writeRequest = new();
    private DateTime _tokenCreated;
    private TimeSpan _tokenLifetime;
    private bool _channelOpen;
    private volatile bool _closed;
    private int _disposed;

    public ServerConnection(UaServer server, Socket socket)
    {
        _server = server;
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _limits = new ChannelLimits { Encoding = server.Options.Limits, ReceiveChunkSize = server.Options.BufferSize, SendChunkSize = server.Options.BufferSize };
        _codec = new SecureChannelCodec(_limits);
    }

    public uint ChannelId => _codec.ChannelId;

    /// <summary>
    /// Read/Write responses reused for every request on this connection: a response is sent before the next request is
    /// read, so the previous one is no longer referenced.
    /// </summary>
    public ReadResponse ReadResponseCache { get; } = new();

    /// <summary>See <see cref="ReadResponseCache"/>.</summary>
    public WriteResponse WriteResponseCache { get; } = new();

    /// <summary>The HEL endpoint URL (echoed in GetEndpoints so clients that dialled an IP find it).</summary>
    public string? EndpointUrl { get; private set; }

    public bool IsClosed => _closed;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Max(_server.Options.BufferSize, 8192)];
        try
        {
            if (!await HandshakeAsync(buffer, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            while (!cancellationToken.IsCancellationRequested && !_closed)
            {
                var length = await TcpFrame.ReadChunkAsync(_stream, buffer, _limits.ReceiveChunkSize, cancellationToken).ConfigureAwait(false);
                if (length == 0)
                {
                    return;
                }

                if (!await OnChunkAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (UaStatusException e)
        {
            await SendErrorAsync(e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await SendErrorAsync(StatusCodes.BadShutdown, "server shutting down").ConfigureAwait(false);
        }
        catch (IOException)
        {
            // peer went away
        }
        catch (ObjectDisposedException)
        {
            // closed by the server
        }
#pragma warning disable CA1031 // the socket loop must survive any bug in a handler: answer ERR and close this client only
        catch (Exception e)
        {
            _server.Log($"connection {ChannelId}: internal error {e}");
            await SendErrorAsync(StatusCodes.BadTcpInternalError, "internal error").ConfigureAwait(false);
        }
#pragma warning restore CA1031
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> HandshakeAsync(byte[] buffer, CancellationToken ct)
    {
        int length;
        using (var helloTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            helloTimeout.CancelAfter(_server.Options.HelloTimeout);
            try
            {
                length = await TcpFrame.ReadChunkAsync(_stream, buffer, 8192, helloTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new UaStatusException(StatusCodes.BadTimeout, "no HEL within the hello timeout");
            }
        }

        if (length == 0)
        {
            return false;
        }

        var (type, _, _) = TcpFrame.ParseHeader(buffer);
        if (type != TcpMessageType.Hello)
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, $"expected HEL, got {TcpMessageType.Name(type)}");
        }

        var hello = HelloMessage.Decode(buffer.AsSpan(8, length - 8));
        if (hello.ReceiveBufferSize < TcpMessageType.MinBufferSize || hello.SendBufferSize < TcpMessageType.MinBufferSize)
        {
            throw new UaStatusException(StatusCodes.BadTcpNotEnoughResources, $"HEL buffer sizes {hello.ReceiveBufferSize}/{hello.SendBufferSize} are below 8192");
        }

        EndpointUrl = hello.EndpointUrl;
        _limits.ReceiveChunkSize = ChannelLimits.Negotiate(hello.SendBufferSize, _server.Options.BufferSize);
        _limits.SendChunkSize = ChannelLimits.Negotiate(hello.ReceiveBufferSize, _server.Options.BufferSize);
        _limits.PeerMaxMessageSize = (int)Math.Min(hello.MaxMessageSize, int.MaxValue);
        _limits.PeerMaxChunkCount = (int)Math.Min(hello.MaxChunkCount, int.MaxValue);
        var ack = new AcknowledgeMessage(0, (uint)_limits.ReceiveChunkSize, (uint)_limits.SendChunkSize,
            (uint)_server.Options.Limits.MaxMessageSize, (uint)_server.Options.Limits.MaxChunkCount);
        await SendPlainAsync(ack.Encode).ConfigureAwait(false);
        return true;
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> OnChunkAsync(Memory<byte> chunk, CancellationToken ct)
    {
        var (type, _, _) = TcpFrame.ParseHeader(chunk.Span);
        switch (type)
        {
            case TcpMessageType.Open:
                await OnOpenAsync(chunk).ConfigureAwait(false);
                return true;
            case TcpMessageType.Message:
            case TcpMessageType.Close:
                if (!_channelOpen)
                {
                    throw new UaStatusException(StatusCodes.BadTcpSecureChannelUnknown, $"{TcpMessageType.Name(type)} before OpenSecureChannel");
                }

                CheckTokenLifetime();
                return await OnMessageAsync(chunk, ct).ConfigureAwait(false);
            default:
                throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, $"{TcpMessageType.Name(type)} is not valid after HEL");
        }
    }

    private void CheckTokenLifetime()
    {
        if (DateTime.UtcNow - _tokenCreated > _tokenLifetime * 1.25)
        {
            throw new UaStatusException(StatusCodes.BadSecureChannelTokenUnknown, "the security token expired without renewal");
        }
    }

    private async ValueTask OnOpenAsync(Memory<byte> chunk)
    {
        if (_codec.Accept(chunk.Span) != ChunkOutcome.Complete)
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, "OPN must be a single final chunk");
        }

        if (_codec.ReceivedPolicyUri != SecurityPolicyNone.Uri)
        {
            throw new UaStatusException(StatusCodes.BadSecurityPolicyRejected, $"security policy '{_codec.ReceivedPolicyUri}' is not offered");
        }

        if (MessageCodec.Decode(_codec.MessageBody, _limits.Encoding) is not OpenSecureChannelRequest request)
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, "OPN does not carry an OpenSecureChannelRequest");
        }

        if (request.SecurityMode != MessageSecurityMode.None)
        {
            throw new UaStatusException(StatusCodes.BadSecurityModeRejected, $"security mode {request.SecurityMode} is not offered");
        }

        var requestId = _codec.RequestId;
        if (request.RequestType == SecurityTokenRequestType.Issue)
        {
            if (_channelOpen)
            {
                throw new UaStatusException(StatusCodes.BadTcpSecureChannelUnknown, "Issue on an open channel");
            }

            _codec.ChannelId = (uint)Interlocked.Increment(ref s_nextChannelId);
            _codec.CurrentTokenId = 1;
        }
        else
        {
            if (!_channelOpen)
            {
                throw new UaStatusException(StatusCodes.BadTcpSecureChannelUnknown, "Renew before Issue");
            }

            _codec.PreviousTokenId = _codec.CurrentTokenId;
            _codec.CurrentTokenId++;
        }

        var options = _server.Options;
        var lifetime = TimeSpan.FromMilliseconds(Math.Clamp(request.RequestedLifetime == 0 ? options.MaxTokenLifetime.TotalMilliseconds : request.RequestedLifetime,
            options.MinTokenLifetime.TotalMilliseconds, options.MaxTokenLifetime.TotalMilliseconds));
        _tokenCreated = DateTime.UtcNow;
        _tokenLifetime = lifetime;
        _channelOpen = true;
        var response = new OpenSecureChannelResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            SecurityToken = new ChannelSecurityToken
            {
                ChannelId = _codec.ChannelId,
                TokenId = _codec.CurrentTokenId,
                CreatedAt = _tokenCreated,
                RevisedLifetime = (uint)lifetime.TotalMilliseconds,
            },
        };
        // The server keeps the old token for sending until the client uses the new one; with None that is invisible, so
        // switch at once for Issue and on first use for Renew.
        if (request.RequestType == SecurityTokenRequestType.Issue)
        {
            _codec.SendTokenId = _codec.CurrentTokenId;
        }

        await SendAsync(TcpMessageType.Open, requestId, response).ConfigureAwait(false);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> OnMessageAsync(Memory<byte> chunk, CancellationToken ct)
    {
        var outcome = _codec.Accept(chunk.Span);
        if (outcome != ChunkOutcome.Complete)
        {
            return true;
        }

        if (_codec.MessageType == TcpMessageType.Close)
        {
            return false;
        }

        var tokenId = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(chunk.Span[12..]);
        if (tokenId == _codec.CurrentTokenId && _codec.SendTokenId != tokenId)
        {
            _codec.SendTokenId = tokenId;
            _codec.PreviousTokenId = 0;
        }

        var requestId = _codec.RequestId;
        IServiceResponse? response;
        IServiceRequest? request = null;
        try
        {
            // Read and Write, the requests of every control cycle, are decoded into reused objects (not kept after the response).
            MessageCodec.TryPeekType(_codec.MessageBody, out var typeId);
            var decoded = typeId switch
            {
                631 => MessageCodec.DecodeInto(_codec.MessageBody, _limits.Encoding, _readRequest),
                673 => MessageCodec.DecodeInto(_codec.MessageBody, _limits.Encoding, _writeRequest),
                _ => MessageCodec.Decode(_codec.MessageBody, _limits.Encoding),
            };
            request = decoded as IServiceRequest ?? throw new UaStatusException(StatusCodes.BadServiceUnsupported, "the message is not a request");
            response = _server.Dispatch(this, requestId, request);
        }
        catch (UaStatusException e)
        {
            _server.Log($"channel {ChannelId} request {requestId}: {e.Message}");
            response = ServiceFault.For(request?.RequestHeader ?? TryReadRequestHeader(), e.StatusCode);
        }

        if (response is not null)
        {
            await SendResponseAsync(requestId, response).ConfigureAwait(false);
        }

        return !ct.IsCancellationRequested;
    }

    private RequestHeader? TryReadRequestHeader()
    {
        try
        {
            var reader = new UaBinaryReader(_codec.MessageBody, _limits.Encoding);
            reader.ReadNodeId();
            return RequestHeader.Decode(ref reader);
        }
        catch (UaStatusException)
        {
            return null;
        }
    }

    /// <summary>Sends a response; a response over the client's limits becomes a BadResponseTooLarge fault.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendResponseAsync(uint requestId, IServiceResponse response)
    {
        try
        {
            await SendAsync(TcpMessageType.Message, requestId, response).ConfigureAwait(false);
        }
        catch (UaStatusException e) when (e.StatusCode is StatusCodes.BadResponseTooLarge or StatusCodes.BadEncodingLimitsExceeded)
        {
            var fault = ServiceFault.For(null, e.StatusCode);
            fault.ResponseHeader.RequestHandle = response.ResponseHeader.RequestHandle;
            await SendAsync(TcpMessageType.Message, requestId, fault).ConfigureAwait(false);
        }
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(uint messageType, uint requestId, IEncodeable message)
    {
        if (_closed)
        {
            return;
        }

        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var bytes = _codec.Encode(messageType, requestId, message, StatusCodes.BadResponseTooLarge);
            await _stream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            _closed = true;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask SendPlainAsync(Action<UaBinaryWriter> encode)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _plain.Reset();
            encode(_plain);
            await _stream.WriteAsync(_plain.WrittenMemory).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask SendErrorAsync(uint status, string reason)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            await SendPlainAsync(new ErrorMessage(status, reason).Encode).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // the peer is gone already
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closed = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already closed
        }
        catch (ObjectDisposedException)
        {
            // already disposed
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
        _server.OnConnectionClosed(this);
    }
}
