using System.Net.Sockets;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Transport;

namespace IndustrialSafeRL.OpcUa.Tests.Fuzz;

/// <summary>A bare opc.tcp connection for fuzzing: HEL/OPN/session done properly, then arbitrary bytes or bodies.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SecureChannelCodec _codec = new(new ChannelLimits()) { CheckTokens = false };
    private readonly byte[] _buffer = new byte[1 << 17];
    private uint _requestId;

    private RawConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Types.NodeId AuthenticationToken { get; private set; }

    public static async Task<RawConnection> OpenAsync(int port, Types.NodeId? session)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        var connection = new RawConnection(socket);
        var w = new UaBinaryWriter();
        new HelloMessage(0, 65536, 65536, 0, 0, $"opc.tcp://127.0.0.1:{port}").Encode(w);
        await connection._stream.WriteAsync(w.WrittenMemory);
        var n = await TcpFrame.ReadChunkAsync(connection._stream, connection._buffer, connection._buffer.Length, CancellationToken.None);
        Assert.Equal(TcpMessageType.Acknowledge, TcpFrame.ParseHeader(connection._buffer.AsSpan(0, n)).Type);
        var opened = (OpenSecureChannelResponse)await connection.CallAsync(new OpenSecureChannelRequest { SecurityMode = MessageSecurityMode.None, RequestedLifetime = 600_000 }, TcpMessageType.Open);
        connection._codec.ChannelId = opened.SecurityToken.ChannelId;
        connection._codec.SendTokenId = opened.SecurityToken.TokenId;
        if (session is { } existing && await connection.ActivateAsync(existing))
        {
            return connection;
        }

        {
            var created = await connection.CallAsync(new CreateSessionRequest { RequestedSessionTimeout = 60_000, ClientNonce = new byte[32] });
            var response = created as CreateSessionResponse ?? throw new InvalidOperationException(StatusCodes.Name(created.ResponseHeader.ServiceResult));
            Assert.True(await connection.ActivateAsync(response.AuthenticationToken));
        }

        return connection;
    }

    /// <summary>ActivateSession with an existing token (moves the session to this channel).</summary>
    public async Task<bool> ActivateAsync(Types.NodeId token)
    {
        var activate = new ActivateSessionRequest { UserIdentityToken = new Types.ExtensionObject(new AnonymousIdentityToken { PolicyId = "anonymous" }) };
        activate.RequestHeader.AuthenticationToken = token;
        if (await CallAsync(activate) is ActivateSessionResponse)
        {
            AuthenticationToken = token;
            return true;
        }

        return false;
    }

    public async Task<IServiceResponse> CallAsync(IServiceRequest request, uint type = TcpMessageType.Message)
    {
        await _stream.WriteAsync(_codec.Encode(type, ++_requestId, request));
        while (true)
        {
            var n = await TcpFrame.ReadChunkAsync(_stream, _buffer, _buffer.Length, CancellationToken.None);
            Assert.True(n > 0, "connection closed");
            if (_codec.Accept(_buffer.AsSpan(0, n)) == ChunkOutcome.Complete)
            {
                return (IServiceResponse)MessageCodec.Decode(_codec.MessageBody, EncodingLimits.Default);
            }
        }
    }

    /// <summary>Frames an arbitrary message body correctly (channel, token, sequence number) and sends it.</summary>
    public ValueTask SendBodyAsync(ReadOnlySpan<byte> body) =>
        _stream.WriteAsync(_codec.Chunk(TcpMessageType.Message, ++_requestId, body, StatusCodes.BadRequestTooLarge));

    public ValueTask SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes);

    /// <summary>Reads and discards whatever the server sends until it closes; returns the number of chunks.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        var buffer = new byte[1 << 17];
        var count = 0;
        try
        {
            while (await TcpFrame.ReadChunkAsync(_stream, buffer, buffer.Length, ct) > 0)
            {
                count++;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or UaStatusException)
        {
            // closed
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        await _stream.DisposeAsync();
    }
}
