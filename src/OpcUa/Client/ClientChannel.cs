using System.Net.Sockets;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Transport;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>
/// One opc.tcp connection with its secure channel (None): HEL/ACK, OPN issue and renewal at 75 % of the token lifetime,
/// request/response correlation by RequestId, request deadlines, CLO. When the socket fails every pending request fails
/// with BadConnectionClosed and <see cref="Closed"/> completes.
/// </summary>
internal sealed class ClientChannel : IAsyncDisposable
{
    private readonly UaClientOptions _options;
    private readonly Dictionary<uint, PendingRequest> _pending = [];
    private readonly Stack<PendingRequest> _pool = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly UaBinaryWriter _plain = new(256);
    private readonly TaskCompletionSource<uint> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly ChannelLimits _limits;
    private readonly SecureChannelCodec _codec;
    private Socket? _socket;
    private NetworkStream? _stream;
    private Task? _receiveLoop;
    private Task? _maintenance;
    private uint _nextRequestId;
    private DateTime _renewAt = DateTime.MaxValue;
    private TaskCompletionSource<AcknowledgeMessage>? _ack;

    public ClientChannel(UaClientOptions options)
    {
        _options = options;
        _limits = new ChannelLimits { Encoding = options.Limits, ReceiveChunkSize = options.BufferSize, SendChunkSize = options.BufferSize };
        _codec = new SecureChannelCodec(_limits) { CheckTokens = false };
    }

    /// <summary>Completes with the status that closed the channel.</summary>
    public Task<uint> Closed => _closed.Task;

    public bool IsOpen => !_closed.Task.IsCompleted;

    public uint ChannelId => _codec.ChannelId;

    /// <summary>Successful token renewals on this channel.</summary>
    public int TokenRenewals { get; private set; }

    /// <summary>The current token id.</summary>
    public uint TokenId => _codec.CurrentTokenId;

    /// <summary>Negotiated limits (for tests and diagnostics).</summary>
    public ChannelLimits Limits => _limits;

    public async Task OpenAsync(CancellationToken ct)
    {
        var uri = new Uri(_options.EndpointUrl);
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connectTimeout.CancelAfter(_options.RequestTimeout);
            try
            {
                await _socket.ConnectAsync(uri.Host, uri.Port < 0 ? 4840 : uri.Port, connectTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                _socket.Dispose();
                throw new UaStatusException(StatusCodes.BadCommunicationError, $"cannot connect to {_options.EndpointUrl}: {e.Message}", e);
            }
        }

        _stream = new NetworkStream(_socket, ownsSocket: true);
        _ack = new TaskCompletionSource<AcknowledgeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _plain.Reset();
        new HelloMessage(0, (uint)_options.BufferSize, (uint)_options.BufferSize, (uint)_options.Limits.MaxMessageSize,
            (uint)_options.Limits.MaxChunkCount, _options.EndpointUrl).Encode(_plain);
        await _stream.WriteAsync(_plain.WrittenMemory, ct).ConfigureAwait(false);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        var ack = await _ack.Task.WaitAsync(_options.RequestTimeout, ct).ConfigureAwait(false);
        _limits.SendChunkSize = ChannelLimits.Negotiate(ack.ReceiveBufferSize, _options.BufferSize);
        _limits.ReceiveChunkSize = Math.Max(_options.BufferSize, TcpMessageType.MinBufferSize);
        _limits.PeerMaxMessageSize = (int)Math.Min(ack.MaxMessageSize, int.MaxValue);
        _limits.PeerMaxChunkCount = (int)Math.Min(ack.MaxChunkCount, int.MaxValue);
        await OpenSecureChannelAsync(SecurityTokenRequestType.Issue, ct).ConfigureAwait(false);
        _maintenance = Task.Run(MaintenanceLoopAsync, CancellationToken.None);
    }

    private async Task OpenSecureChannelAsync(SecurityTokenRequestType type, CancellationToken ct)
    {
        var request = new OpenSecureChannelRequest
        {
            RequestType = type,
            SecurityMode = MessageSecurityMode.None,
            RequestedLifetime = (uint)_options.TokenLifetime.TotalMilliseconds,
        };
        var response = (OpenSecureChannelResponse)await SendAsync(request, TcpMessageType.Open, ct).ConfigureAwait(false);
        var token = response.SecurityToken;
        _codec.ChannelId = token.ChannelId;
        _codec.PreviousTokenId = _codec.CurrentTokenId;
        _codec.CurrentTokenId = token.TokenId;
        _codec.SendTokenId = token.TokenId;
        var lifetime = TimeSpan.FromMilliseconds(Math.Max(token.RevisedLifetime, 1000));
        _renewAt = DateTime.UtcNow + (lifetime * 0.75);
    }

    /// <summary>
    /// Sends a request and awaits its response (or a ServiceFault, returned as such). With <paramref name="target"/>
    /// a response of that type is decoded into it instead of a new object.
    /// </summary>
    public ValueTask<IServiceResponse> SendAsync(IServiceRequest request, CancellationToken ct = default, TimeSpan? timeout = null, IServiceResponse? target = null) =>
        SendAsync(request, TcpMessageType.Message, ct, timeout, target);

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IServiceResponse> SendAsync(IServiceRequest request, uint messageType, CancellationToken ct, TimeSpan? timeout = null, IServiceResponse? target = null)
    {
        if (!IsOpen)
        {
            throw new UaStatusException(StatusCodes.BadConnectionClosed, "the channel is closed");
        }

        PendingRequest completion;
        lock (_pending)
        {
            completion = _pool.Count > 0 ? _pool.Pop() : new PendingRequest();
        }

        completion.Target = target;
        var wait = timeout ?? _options.RequestTimeout;
        uint requestId;
        await _sendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            requestId = ++_nextRequestId;
            request.RequestHeader.RequestHandle = requestId;
            request.RequestHeader.Timestamp = DateTime.UtcNow;
            request.RequestHeader.TimeoutHint = wait == Timeout.InfiniteTimeSpan ? 0 : (uint)wait.TotalMilliseconds;
            var deadline = wait == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)wait.TotalMilliseconds;
            completion.Deadline = deadline;
            lock (_pending)
            {
                _pending[requestId] = completion;
            }

            ReadOnlyMemory<byte> bytes;
            try
            {
                bytes = _codec.Encode(messageType, requestId, request, StatusCodes.BadRequestTooLarge);
            }
            catch (UaStatusException)
            {
                lock (_pending)
                {
                    _pending.Remove(requestId);
                }

                throw;
            }

            await _stream!.WriteAsync(bytes, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Fail(StatusCodes.BadConnectionClosed, e.Message);
            throw new UaStatusException(StatusCodes.BadConnectionClosed, "send failed: " + e.Message, e);
        }
        finally
        {
            _sendLock.Release();
        }

        try
        {
            return await completion.Task.ConfigureAwait(false);
        }
        finally
        {
            completion.Reset();
            lock (_pending)
            {
                _pool.Push(completion);
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[Math.Max(_options.BufferSize, TcpMessageType.MinBufferSize)];
        var status = StatusCodes.BadConnectionClosed;
        var reason = "connection closed by the server";
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var length = await TcpFrame.ReadChunkAsync(_stream!, buffer, buffer.Length, _stop.Token).ConfigureAwait(false);
                if (length == 0)
                {
                    break;
                }

                var (type, _, _) = TcpFrame.ParseHeader(buffer);
                switch (type)
                {
                    case TcpMessageType.Acknowledge:
                        _ack?.TrySetResult(AcknowledgeMessage.Decode(buffer.AsSpan(8, length - 8)));
                        break;
                    case TcpMessageType.Error:
                        var error = ErrorMessage.Decode(buffer.AsSpan(8, length - 8));
                        status = error.Error;
                        reason = $"server sent ERR: {error.Reason}";
                        _ack?.TrySetException(new UaStatusException(error.Error, reason));
                        return;
                    case TcpMessageType.Open:
                    case TcpMessageType.Message:
                        OnChunk(buffer.AsSpan(0, length));
                        break;
                    default:
                        throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, $"unexpected {TcpMessageType.Name(type)} from the server");
                }
            }
        }
        catch (UaStatusException e)
        {
            status = e.StatusCode;
            reason = e.Message;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = e.Message;
        }
        finally
        {
            Fail(status, reason);
        }
    }

    private void OnChunk(Span<byte> chunk)
    {
        var outcome = _codec.Accept(chunk);
        if (outcome == ChunkOutcome.Incomplete)
        {
            return;
        }

        PendingRequest? pending;
        lock (_pending)
        {
            _pending.Remove(_codec.RequestId, out pending);
        }

        if (pending is null)
        {
            return;
        }

        if (outcome == ChunkOutcome.Aborted)
        {
            pending.SetException(new UaStatusException(_codec.AbortStatus, $"server aborted the response: {_codec.AbortReason}"));
            return;
        }

        try
        {
            var message = pending.Target is { } target
                ? MessageCodec.DecodeInto(_codec.MessageBody, _limits.Encoding, target)
                : MessageCodec.Decode(_codec.MessageBody, _limits.Encoding);
            if (message is IServiceResponse response)
            {
                pending.SetResult(response);
            }
            else
            {
                pending.SetException(new UaStatusException(StatusCodes.BadUnknownResponse, $"{message.GetType().Name} is not a response"));
            }
        }
        catch (UaStatusException e)
        {
            pending.SetException(e);
        }
    }

    private async Task MaintenanceLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                ExpireRequests();
                if (DateTime.UtcNow >= _renewAt)
                {
                    _renewAt = DateTime.MaxValue;
                    try
                    {
                        await OpenSecureChannelAsync(SecurityTokenRequestType.Renew, _stop.Token).ConfigureAwait(false);
                        TokenRenewals++;
                    }
                    catch (UaStatusException e)
                    {
                        Fail(e.StatusCode, "token renewal failed: " + e.Message);
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // channel closed
        }
    }

    private void ExpireRequests()
    {
        var now = Environment.TickCount64;
        List<PendingRequest>? expired = null;
        lock (_pending)
        {
            foreach (var (id, pending) in _pending)
            {
                if (pending.Deadline <= now)
                {
                    (expired ??= []).Add(pending);
                    _pending.Remove(id);
                }
            }
        }

        foreach (var pending in expired ?? [])
        {
            pending.SetException(new UaStatusException(StatusCodes.BadTimeout, "no response within the request timeout"));
        }
    }

    private void Fail(uint status, string reason)
    {
        if (!_closed.TrySetResult(status))
        {
            return;
        }

        _stop.Cancel();
        _ack?.TrySetException(new UaStatusException(status, reason));
        List<PendingRequest> failed;
        lock (_pending)
        {
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var pending in failed)
        {
            pending.SetException(new UaStatusException(status, reason));
        }

        _stream?.Dispose();
    }

    /// <summary>Sends CLO (no response) and closes the socket.</summary>
    public async Task CloseAsync()
    {
        if (IsOpen && _stream is not null && _codec.ChannelId != 0)
        {
            try
            {
                await _sendLock.WaitAsync().ConfigureAwait(false);
                try
                {
                    var bytes = _codec.Encode(TcpMessageType.Close, ++_nextRequestId, new CloseSecureChannelRequest());
                    await _stream.WriteAsync(bytes).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or UaStatusException)
            {
                // closing anyway
            }
        }

        Fail(StatusCodes.BadConnectionClosed, "closed by the client");
        foreach (var loop in new[] { _receiveLoop, _maintenance })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
