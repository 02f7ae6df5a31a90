using System.Security.Cryptography;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Types;
using Polly;
using Polly.Retry;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>
/// An OPC UA client over opc.tcp with SecurityPolicy None: one channel, one session (Anonymous or UserName), the
/// attribute/view services, subscriptions with a small Publish queue, and automatic reconnect with exponential backoff
/// and jitter (session re-activated on the new channel, or re-created together with its subscriptions).
/// Service failures surface as <see cref="UaStatusException"/>; per-operation results are returned, never thrown.
/// </summary>
public sealed partial class UaClient : IAsyncDisposable
{
    private readonly List<ClientSubscription> _subscriptions = [];
    private readonly Lock _sync = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly List<SubscriptionAcknowledgement> _acks = [];
    private ClientChannel? _channel;
    private NodeId _authenticationToken;
    private Task? _reconnectLoop;
    private Task? _keepAliveLoop;
    private int _publishOutstanding;
    private ClientChannel? _publishChannel;
    private string? _anonymousPolicyId;
    private string? _userNamePolicyId;
    private TimeSpan _revisedSessionTimeout;

    /// <summary>Creates a client (nothing happens until <see cref="ConnectAsync"/>).</summary>
    public UaClient(UaClientOptions options)
    {
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
    }

    /// <summary>Settings.</summary>
    public UaClientOptions Options { get; }

    /// <summary>The server's NamespaceArray, read at connect time.</summary>
    public IReadOnlyList<string> NamespaceUris { get; private set; } = [];

    /// <summary>True while a channel with an activated session is open.</summary>
    public bool IsConnected => _channel?.IsOpen == true && !_authenticationToken.IsNull;

    /// <summary>Number of successful reconnects.</summary>
    public int ReconnectCount { get; private set; }

    /// <summary>Number of times the session had to be re-created (server lost it).</summary>
    public int SessionRecreateCount { get; private set; }

    /// <summary>Diagnostic sink.</summary>
    public Action<string>? Logger { get; set; }

    /// <summary>Negotiated chunk size towards the server (diagnostics).</summary>
    public int SendChunkSize => _channel?.Limits.SendChunkSize ?? 0;

    /// <summary>Security token renewals on the current channel (diagnostics).</summary>
    public int TokenRenewals => _channel?.TokenRenewals ?? 0;

    /// <summary>Current security token id (diagnostics).</summary>
    public uint TokenId => _channel?.TokenId ?? 0;

    /// <summary>Connects, creates and activates the session and reads the NamespaceArray.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await EstablishAsync(reuseSession: false, cancellationToken).ConfigureAwait(false);
        _keepAliveLoop ??= Task.Run(KeepAliveLoopAsync, CancellationToken.None);
    }

    private async Task EstablishAsync(bool reuseSession, CancellationToken ct)
    {
        var channel = new ClientChannel(Options);
        try
        {
            await channel.OpenAsync(ct).ConfigureAwait(false);
            _channel = channel;
            if (!(reuseSession && await TryActivateAsync(channel, ct).ConfigureAwait(false)))
            {
                if (reuseSession)
                {
                    SessionRecreateCount++;
                }

                await CreateSessionAsync(channel, ct).ConfigureAwait(false);
                if (!await TryActivateAsync(channel, ct).ConfigureAwait(false))
                {
                    throw new UaStatusException(StatusCodes.BadIdentityTokenRejected, "ActivateSession failed");
                }

                await RecreateSubscriptionsAsync(ct).ConfigureAwait(false);
            }

            var ns = await ReadAsync([new NodeId(2255)], 13, ct).ConfigureAwait(false);
            NamespaceUris = ns[0].Value.Value as string[] ?? [];
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _ = channel.Closed.ContinueWith(t => OnChannelClosed(channel, t.Result), TaskScheduler.Default);
        StartPublishing();
    }

    private async Task CreateSessionAsync(ClientChannel channel, CancellationToken ct)
    {
        var endpoints = await CallAsync<GetEndpointsResponse>(channel, new GetEndpointsRequest { EndpointUrl = Options.EndpointUrl, LocaleIds = [], ProfileUris = [] }, ct).ConfigureAwait(false);
        // Match on policy and mode, not the URL: servers may advertise another host name than the one dialled.
        var endpoint = endpoints.Endpoints?.FirstOrDefault(e => e.SecurityPolicyUri == SecurityPolicyNone.Uri && e.SecurityMode == MessageSecurityMode.None)
            ?? throw new UaStatusException(StatusCodes.BadSecurityPolicyRejected, $"{Options.EndpointUrl} offers no SecurityPolicy None endpoint");
        var policies = endpoint.UserIdentityTokens ?? [];
        _anonymousPolicyId = policies.FirstOrDefault(p => p.TokenType == UserTokenType.Anonymous)?.PolicyId;
        _userNamePolicyId = policies.FirstOrDefault(p => p.TokenType == UserTokenType.UserName && string.IsNullOrEmpty(p.SecurityPolicyUri))?.PolicyId
            ?? policies.FirstOrDefault(p => p.TokenType == UserTokenType.UserName && p.SecurityPolicyUri == SecurityPolicyNone.Uri)?.PolicyId;
        if (Options.UserName is not null && _userNamePolicyId is null)
        {
            throw new UaStatusException(StatusCodes.BadIdentityTokenRejected, "the endpoint offers no cleartext UserName policy (encrypted passwords need Basic256Sha256, not implemented yet)");
        }

        var response = await CallAsync<CreateSessionResponse>(channel, new CreateSessionRequest
        {
            ClientDescription = new ApplicationDescription
            {
                ApplicationUri = Options.ApplicationUri,
                ProductUri = "urn:isrl:opcua",
                ApplicationName = LocalizedText.From(Options.SessionName),
                ApplicationType = ApplicationType.Client,
            },
            EndpointUrl = Options.EndpointUrl,
            SessionName = Options.SessionName,
            ClientNonce = RandomNumberGenerator.GetBytes(32),
            RequestedSessionTimeout = Options.SessionTimeout.TotalMilliseconds,
            MaxResponseMessageSize = (uint)Options.Limits.MaxMessageSize,
        }, ct).ConfigureAwait(false);
        _authenticationToken = response.AuthenticationToken;
        _revisedSessionTimeout = TimeSpan.FromMilliseconds(Math.Clamp(response.RevisedSessionTimeout, 1000, Options.SessionTimeout.TotalMilliseconds));
    }

    private async Task<bool> TryActivateAsync(ClientChannel channel, CancellationToken ct)
    {
        if (_authenticationToken.IsNull)
        {
            return false;
        }

        IEncodeable token = Options.UserName is null
            ? new AnonymousIdentityToken { PolicyId = _anonymousPolicyId ?? "anonymous" }
            : new UserNameIdentityToken { PolicyId = _userNamePolicyId, UserName = Options.UserName, Password = System.Text.Encoding.UTF8.GetBytes(Options.Password!) };
        var request = new ActivateSessionRequest
        {
            ClientSignature = new SignatureData(),
            ClientSoftwareCertificates = [],
            LocaleIds = [],
            UserIdentityToken = new ExtensionObject(token),
            UserTokenSignature = new SignatureData(),
        };
        var response = await SendAsync(channel, request, ct).ConfigureAwait(false);
        var status = response.ResponseHeader.ServiceResult;
        if (response is ActivateSessionResponse && !StatusCodes.IsBad(status))
        {
            return true;
        }

        if (status is StatusCodes.BadUserAccessDenied or StatusCodes.BadIdentityTokenInvalid or StatusCodes.BadIdentityTokenRejected)
        {
            throw new UaStatusException(status, "ActivateSession refused the identity");
        }

        _authenticationToken = default;
        return false;
    }

    private void OnChannelClosed(ClientChannel channel, uint status)
    {
        if (_disposed.IsCancellationRequested || channel != _channel)
        {
            return;
        }

        Logger?.Invoke($"channel closed: {StatusCodes.Name(status)}");
        if (Options.Reconnect)
        {
            lock (_sync)
            {
                _reconnectLoop ??= Task.Run(ReconnectLoopAsync, CancellationToken.None);
            }
        }
    }

    private async Task ReconnectLoopAsync()
    {
        var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = Options.ReconnectInitialDelay,
            MaxDelay = Options.ReconnectMaxDelay,
            ShouldHandle = new PredicateBuilder().Handle<UaStatusException>().Handle<IOException>().Handle<System.Net.Sockets.SocketException>().Handle<TimeoutException>(),
            OnRetry = args =>
            {
                Logger?.Invoke($"reconnect attempt {args.AttemptNumber + 1} failed: {args.Outcome.Exception?.Message}; next in {args.RetryDelay.TotalMilliseconds:F0} ms");
                return ValueTask.CompletedTask;
            },
        }).Build();
        try
        {
            await pipeline.ExecuteAsync(async ct => await EstablishAsync(reuseSession: true, ct).ConfigureAwait(false), _disposed.Token).ConfigureAwait(false);
            ReconnectCount++;
            Logger?.Invoke("reconnected");
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
        finally
        {
            lock (_sync)
            {
                _reconnectLoop = null;
            }
        }

        if (_channel is { IsOpen: false } && !_disposed.IsCancellationRequested)
        {
            OnChannelClosed(_channel, StatusCodes.BadConnectionClosed);
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                // A third of the timeout the server granted (it may have shortened what we asked for).
                var granted = _revisedSessionTimeout > TimeSpan.Zero ? _revisedSessionTimeout : Options.SessionTimeout;
                await Task.Delay(granted / 3, _disposed.Token).ConfigureAwait(false);
                bool idle;
                lock (_sync)
                {
                    idle = _subscriptions.Count == 0;
                }

                if (idle && IsConnected)
                {
                    try
                    {
                        await ReadAsync([new NodeId(2259)], 13, _disposed.Token).ConfigureAwait(false);
                    }
                    catch (UaStatusException e)
                    {
                        Logger?.Invoke($"keep-alive read failed: {e.Message}");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    /// <summary>Sends a request with the session token; returns the typed response or throws on a ServiceFault/bad ServiceResult.</summary>
    public async Task<TResponse> CallAsync<TResponse>(IServiceRequest request, CancellationToken cancellationToken = default)
        where TResponse : class, IServiceResponse
    {
        var channel = _channel is { IsOpen: true } c ? c : throw new UaStatusException(StatusCodes.BadConnectionClosed, "not connected");
        return await CallAsync<TResponse>(channel, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> CallAsync<TResponse>(ClientChannel channel, IServiceRequest request, CancellationToken ct)
        where TResponse : class, IServiceResponse
    {
        var response = await SendAsync(channel, request, ct).ConfigureAwait(false);
        if (StatusCodes.IsBad(response.ResponseHeader.ServiceResult))
        {
            OnServiceFault(channel, response.ResponseHeader.ServiceResult);
            throw new UaStatusException(response.ResponseHeader.ServiceResult, $"{request.GetType().Name[..^7]} failed");
        }

        return response as TResponse
            ?? throw new UaStatusException(StatusCodes.BadUnknownResponse, $"expected {typeof(TResponse).Name}, got {response.GetType().Name}");
    }

    private ValueTask<IServiceResponse> SendAsync(ClientChannel channel, IServiceRequest request, CancellationToken ct, TimeSpan? timeout = null, IServiceResponse? target = null)
    {
        request.RequestHeader.AuthenticationToken = _authenticationToken;
        return channel.SendAsync(request, ct, timeout, target);
    }

    /// <summary>The TagSet path: decodes into <paramref name="target"/> (no response object per call).</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResponse> CallIntoAsync<TResponse>(IServiceRequest request, TResponse target, CancellationToken ct)
        where TResponse : class, IServiceResponse
    {
        var channel = _channel is { IsOpen: true } c ? c : throw new UaStatusException(StatusCodes.BadConnectionClosed, "not connected");
        var response = await SendAsync(channel, request, ct, null, target).ConfigureAwait(false);
        if (StatusCodes.IsBad(response.ResponseHeader.ServiceResult))
        {
            OnServiceFault(channel, response.ResponseHeader.ServiceResult);
            throw new UaStatusException(response.ResponseHeader.ServiceResult, $"{request.GetType().Name[..^7]} failed");
        }

        return response as TResponse
            ?? throw new UaStatusException(StatusCodes.BadUnknownResponse, $"expected {typeof(TResponse).Name}, got {response.GetType().Name}");
    }

    /// <summary>
    /// The server lost the session (timeout, restart behind a proxy): drop the channel so the reconnect path creates a
    /// new session and re-creates the subscriptions.
    /// </summary>
    private void OnServiceFault(ClientChannel channel, uint status)
    {
        if (status is StatusCodes.BadSessionIdInvalid or StatusCodes.BadSessionClosed && !_authenticationToken.IsNull && Options.Reconnect
            && channel == _channel && !_disposed.IsCancellationRequested)
        {
            Logger?.Invoke($"session lost ({StatusCodes.Name(status)}); reconnecting");
            _ = channel.CloseAsync();
        }
    }

    /// <summary>Closes the session (deleting subscriptions) and the channel; no reconnect afterwards.</summary>
    public async Task CloseAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        var channel = _channel;
        if (channel is { IsOpen: true } && !_authenticationToken.IsNull)
        {
            try
            {
                await CallAsync<CloseSessionResponse>(channel, new CloseSessionRequest { DeleteSubscriptions = true }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (UaStatusException e)
            {
                Logger?.Invoke($"CloseSession failed: {e.Message}");
            }
        }

        if (channel is not null)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var loop in new[] { _reconnectLoop, _keepAliveLoop })
        {
            if (loop is not null)
            {
                try
                {
                    await loop.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // expected
                }
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _disposed.Dispose();
    }
}
