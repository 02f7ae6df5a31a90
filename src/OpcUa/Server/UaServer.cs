using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>The variables one Write request changed, handed to <see cref="UaServer.ValuesWritten"/> (valid during the call only: reused).</summary>
public sealed record WriteBatch(IReadOnlyList<UaVariableNode> Variables);

/// <summary>
/// An OPC UA server over opc.tcp with SecurityPolicy None: discovery, sessions (Anonymous and UserName), Read, Write,
/// Browse/BrowseNext, TranslateBrowsePathsToNodeIds and subscriptions with data-change notifications over an
/// <see cref="Server.AddressSpace"/>. Requests are served one at a time under <see cref="AddressSpace.SyncRoot"/>,
/// so <see cref="ValuesWritten"/> runs before any later request is served.
/// </summary>
public sealed partial class UaServer : IAsyncDisposable
{
    /// <summary>Transport profile of opc.tcp with UA-SC and UA Binary.</summary>
    public const string TransportProfileUri = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary";

    private readonly Dictionary<NodeId, ServerSession> _sessions = [];
    private readonly HashSet<ServerConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(ServerConnection Connection, uint RequestId, IServiceResponse Response)> _outbox = [];
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private Task? _tickLoop;
    private uint _nextSubscriptionId;
    private uint _nextMonitoredItemId;
    private uint _nextSessionNumber;
    private readonly List<UaVariableNode> _written = [];
    private readonly WriteBatch _writeBatch;

    /// <summary>Creates a server over <paramref name="addressSpace"/> (a new skeleton when null).</summary>
    public UaServer(UaServerOptions options, AddressSpace? addressSpace = null)
    {
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        AddressSpace = addressSpace ?? new AddressSpace(options.ApplicationUri);
        _writeBatch = new WriteBatch(_written);
    }

    /// <summary>Settings.</summary>
    public UaServerOptions Options { get; }

    /// <summary>The nodes served.</summary>
    public AddressSpace AddressSpace { get; }

    /// <summary>
    /// Called once per Write request that changed at least one Value, with the lock held and before the WriteResponse is
    /// sent, so anything it does (e.g. one simulator step) is visible to the next request from any client.
    /// </summary>
    public Action<WriteBatch>? ValuesWritten { get; set; }

    /// <summary>Diagnostic sink (default: none).</summary>
    public Action<string>? Logger { get; set; }

    /// <summary>Port actually bound (useful with port 0).</summary>
    public int Port { get; private set; }

    /// <summary>The endpoint URL clients should use.</summary>
    public string EndpointUrl => $"opc.tcp://{Options.BindAddress}:{Port}{Options.ResourcePath}";

    /// <summary>Number of open sessions.</summary>
    public int SessionCount
    {
        get
        {
            lock (AddressSpace.SyncRoot)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Subscription status changes (e.g. expiry) waiting for a publish request, over all sessions; lets
    /// tests wait for an expiry instead of sleeping.</summary>
    internal int PendingStatusChangeCount
    {
        get
        {
            lock (AddressSpace.SyncRoot)
            {
                return _sessions.Values.Sum(s => s.PendingStatusChanges.Count);
            }
        }
    }

    /// <summary>Binds the listener and starts serving.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _listener = new TcpListener(IPAddress.Parse(Options.BindAddress), Options.Port);
        _listener.Start(128);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stop.Token), cancellationToken);
        _tickLoop = Task.Run(() => TickLoopAsync(_stop.Token), cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Stops listening, closes every connection and waits for the loops.</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        ServerConnection[] open;
        lock (AddressSpace.SyncRoot)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var loop in new[] { _acceptLoop, _tickLoop })
        {
            if (loop is not null)
            {
                try
                {
                    await loop.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // expected on stop
                }
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    internal void Log(string message) => Logger?.Invoke(message);

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (ct.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var connection = new ServerConnection(this, socket);
            lock (AddressSpace.SyncRoot)
            {
                if (_connections.Count >= Options.MaxConnections)
                {
                    socket.Dispose();
                    continue;
                }

                _connections.Add(connection);
            }

            _ = Task.Run(() => connection.RunAsync(ct), CancellationToken.None);
        }
    }

    internal void OnConnectionClosed(ServerConnection connection)
    {
        lock (AddressSpace.SyncRoot)
        {
            _connections.Remove(connection);
            foreach (var session in _sessions.Values)
            {
                if (session.PublishQueue.Count > 0 && session.PublishQueue.Any(p => p.Connection == connection))
                {
                    var keep = session.PublishQueue.Where(p => p.Connection != connection).ToList();
                    session.PublishQueue.Clear();
                    keep.ForEach(session.PublishQueue.Enqueue);
                }

                if (session.Connection == connection)
                {
                    session.Connection = null;
                }
            }
        }
    }

    /// <summary>Serves one decoded request; null when the answer comes later (Publish).</summary>
    internal IServiceResponse? Dispatch(ServerConnection connection, uint requestId, IServiceRequest request)
    {
        List<(ServerConnection, uint, IServiceResponse)>? deferred = null;
        IServiceResponse? response;
        lock (AddressSpace.SyncRoot)
        {
            response = Serve(connection, requestId, request);
            if (_outbox.Count > 0)
            {
                deferred = [.. _outbox];
                _outbox.Clear();
            }
        }

        if (deferred is not null)
        {
            _ = SendAllAsync(deferred);
        }

        return response;
    }

    private IServiceResponse? Serve(ServerConnection connection, uint requestId, IServiceRequest request)
    {
        switch (request)
        {
            case GetEndpointsRequest r:
                return new GetEndpointsResponse { ResponseHeader = ResponseHeader.For(r.RequestHeader), Endpoints = Endpoints(r.EndpointUrl ?? connection.EndpointUrl) };
            case CreateSessionRequest r:
                return CreateSession(connection, r);
            case ActivateSessionRequest r:
                return ActivateSession(connection, r);
            case CloseSessionRequest r:
                return CloseSession(connection, r);
        }

        if (!_sessions.TryGetValue(request.RequestHeader.AuthenticationToken, out var session))
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSessionIdInvalid);
        }

        if (!session.Activated)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSessionNotActivated);
        }

        if (session.Connection != connection)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSecureChannelIdInvalid);
        }

        session.LastActivity = DateTime.UtcNow;
        return request switch
        {
            ReadRequest r => Read(r, connection.ReadResponseCache),
            WriteRequest r => Write(r, connection.WriteResponseCache),
            BrowseRequest r => Browse(session, r),
            BrowseNextRequest r => BrowseNext(session, r),
            TranslateBrowsePathsToNodeIdsRequest r => Translate(r),
            CreateSubscriptionRequest r => CreateSubscription(session, r),
            CreateMonitoredItemsRequest r => CreateMonitoredItems(session, r),
            DeleteMonitoredItemsRequest r => DeleteMonitoredItems(session, r),
            DeleteSubscriptionsRequest r => DeleteSubscriptions(session, r),
            RepublishRequest r => Republish(session, r),
            PublishRequest r => Publish(session, connection, requestId, r),
            _ => ServiceFault.For(request.RequestHeader, StatusCodes.BadServiceUnsupported),
        };
    }

    private static async Task SendAllAsync(List<(ServerConnection Connection, uint RequestId, IServiceResponse Response)> items)
    {
        foreach (var (connection, requestId, response) in items)
        {
            await connection.SendResponseAsync(requestId, response).ConfigureAwait(false);
        }
    }

    private EndpointDescription[] Endpoints(string? endpointUrl)
    {
        var url = string.IsNullOrEmpty(endpointUrl) ? EndpointUrl : endpointUrl;
        var policies = new List<UserTokenPolicy>();
        if (Options.AllowAnonymous)
        {
            policies.Add(new UserTokenPolicy { PolicyId = "anonymous", TokenType = UserTokenType.Anonymous });
        }

        if (Options.Users.Count > 0)
        {
            policies.Add(new UserTokenPolicy { PolicyId = "username", TokenType = UserTokenType.UserName });
        }

        return
        [
            new EndpointDescription
            {
                EndpointUrl = url,
                Server = new ApplicationDescription
                {
                    ApplicationUri = Options.ApplicationUri,
                    ProductUri = Options.ProductUri,
                    ApplicationName = LocalizedText.From(Options.ApplicationName),
                    ApplicationType = ApplicationType.Server,
                    DiscoveryUrls = [url],
                },
                SecurityMode = MessageSecurityMode.None,
                SecurityPolicyUri = SecurityPolicyNone.Uri,
                UserIdentityTokens = [.. policies],
                TransportProfileUri = TransportProfileUri,
                SecurityLevel = 0,
            },
        ];
    }

    private IServiceResponse CreateSession(ServerConnection connection, CreateSessionRequest request)
    {
        if (_sessions.Count >= Options.MaxSessions)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManySessions);
        }

        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(double.IsFinite(request.RequestedSessionTimeout) ? request.RequestedSessionTimeout : 0,
            Options.MinSessionTimeout.TotalMilliseconds, Options.MaxSessionTimeout.TotalMilliseconds));
        var session = new ServerSession(new NodeId(++_nextSessionNumber, 1), new NodeId(RandomNumberGenerator.GetBytes(32), 0), request.SessionName, timeout)
        {
            Connection = connection,
        };
        _sessions.Add(session.AuthenticationToken, session);
        return new CreateSessionResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            SessionId = session.SessionId,
            AuthenticationToken = session.AuthenticationToken,
            RevisedSessionTimeout = timeout.TotalMilliseconds,
            ServerNonce = RandomNumberGenerator.GetBytes(32),
            ServerEndpoints = Endpoints(request.EndpointUrl ?? connection.EndpointUrl),
            ServerSoftwareCertificates = [],
            ServerSignature = new SignatureData(),
            MaxRequestMessageSize = (uint)Options.Limits.MaxMessageSize,
        };
    }

    private IServiceResponse ActivateSession(ServerConnection connection, ActivateSessionRequest request)
    {
        if (!_sessions.TryGetValue(request.RequestHeader.AuthenticationToken, out var session))
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSessionIdInvalid);
        }

        string? user;
        switch (request.UserIdentityToken.Body)
        {
            case null when request.UserIdentityToken.IsNull:
            case AnonymousIdentityToken:
                if (!Options.AllowAnonymous)
                {
                    return ServiceFault.For(request.RequestHeader, StatusCodes.BadIdentityTokenRejected);
                }

                if (request.UserIdentityToken.Body is AnonymousIdentityToken { PolicyId: { } id } && id != "anonymous")
                {
                    return ServiceFault.For(request.RequestHeader, StatusCodes.BadIdentityTokenInvalid);
                }

                user = null;
                break;
            case UserNameIdentityToken token:
                if (token.PolicyId != "username" || token.EncryptionAlgorithm is { Length: > 0 } || token.UserName is null)
                {
                    return ServiceFault.For(request.RequestHeader, StatusCodes.BadIdentityTokenInvalid);
                }

                var password = token.Password is null ? string.Empty : System.Text.Encoding.UTF8.GetString(token.Password);
                if (!Options.Users.TryGetValue(token.UserName, out var expected)
                    || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(password)))
                {
                    return ServiceFault.For(request.RequestHeader, StatusCodes.BadUserAccessDenied);
                }

                user = token.UserName;
                break;
            default:
                return ServiceFault.For(request.RequestHeader, StatusCodes.BadIdentityTokenInvalid);
        }

        if (session.Activated && session.Connection != connection && session.UserName != user)
        {
            // Moving a session to another channel is only allowed for the same identity.
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadIdentityTokenRejected);
        }

        session.Activated = true;
        session.UserName = user;
        session.Connection = connection;
        session.LastActivity = DateTime.UtcNow;
        return new ActivateSessionResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            ServerNonce = RandomNumberGenerator.GetBytes(32),
            Results = [],
            DiagnosticInfos = [],
        };
    }

    private IServiceResponse CloseSession(ServerConnection connection, CloseSessionRequest request)
    {
        if (!_sessions.TryGetValue(request.RequestHeader.AuthenticationToken, out var session) || session.Connection != connection)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSessionIdInvalid);
        }

        RemoveSession(session, StatusCodes.BadSessionClosed);
        return new CloseSessionResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader) };
    }

    /// <summary>Closes every session (an operator reset); clients notice BadSessionIdInvalid and create new ones.</summary>
    public void CloseSessions()
    {
        lock (AddressSpace.SyncRoot)
        {
            foreach (var session in _sessions.Values.ToList())
            {
                RemoveSession(session, StatusCodes.BadSessionClosed);
            }
        }
    }

    private void RemoveSession(ServerSession session, uint publishStatus)
    {
        _sessions.Remove(session.AuthenticationToken);
        while (session.PublishQueue.TryDequeue(out var parked))
        {
            _outbox.Add((parked.Connection, parked.RequestId, ServiceFault.For(parked.Request.RequestHeader, publishStatus)));
        }
    }
}
