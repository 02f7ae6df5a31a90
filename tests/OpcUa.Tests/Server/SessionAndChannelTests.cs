using IndustrialSafeRL.OpcUa.Client;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Server;
using IndustrialSafeRL.OpcUa.Tests.Fuzz;
using IndustrialSafeRL.OpcUa.Tests.Interop;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Tests.Server;

public sealed class SessionAndChannelTests
{
    private static async Task<UaServer> StartAsync(Action<UaServerOptions>? configure = null)
    {
        var options = new UaServerOptions { Port = 0 };
        configure?.Invoke(options);
        var server = new UaServer(options);
        server.AddressSpace.AddVariable(WellKnownNodes.ObjectsFolder, new NodeId("x", 1), new QualifiedName(1, "x"), new Variant(1.0), writable: true);
        await server.StartAsync();
        return server;
    }

    [Fact]
    public async Task Client_renews_the_token_at_75_percent_and_keeps_working()
    {
        // 4 s tokens: renewal after 3 s leaves 2 s of slack (server grace 25 %) even on a loaded 2-core machine.
        await using var server = await StartAsync(o => o.MinTokenLifetime = TimeSpan.FromSeconds(1));
        await using var client = new UaClient(new UaClientOptions { EndpointUrl = server.EndpointUrl, TokenLifetime = TimeSpan.FromSeconds(4), Reconnect = false });
        await client.ConnectAsync();
        var first = client.TokenId;
        var tags = await client.CreateTagSetAsync(["ns=1;s=x"]);
        var started = DateTime.UtcNow;
        while (client.TokenRenewals < 2 && DateTime.UtcNow - started < TimeSpan.FromSeconds(20))
        {
            Assert.True(await client.ReadAsync(tags, new double[1], new uint[1]));
            await Task.Delay(50);
        }

        Assert.True(client.TokenRenewals >= 2, $"{client.TokenRenewals} renewals");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(4), "renewed well before 75 % of the lifetime");
        Assert.NotEqual(first, client.TokenId);
        Assert.True(client.IsConnected);
        Assert.Equal(0, client.ReconnectCount);
    }

    [Fact]
    public async Task Session_limit_and_session_timeout_are_enforced()
    {
        await using var server = await StartAsync(o => { o.MaxSessions = 1; o.MinSessionTimeout = TimeSpan.FromSeconds(1); });
        await using var raw = await RawConnection.OpenAsync(server.Port, null);
        var second = new UaClient(new UaClientOptions { EndpointUrl = server.EndpointUrl, Reconnect = false });
        var refused = await Assert.ThrowsAsync<UaStatusException>(() => second.ConnectAsync());
        Assert.Equal(StatusCodes.BadTooManySessions, refused.StatusCode);

        // Session timeout: a server that revises every session to 1 s drops an idle one.
        await using var shortServer = await StartAsync(o => { o.MinSessionTimeout = TimeSpan.FromSeconds(1); o.MaxSessionTimeout = TimeSpan.FromSeconds(1); });
        await using var idle = await RawConnection.OpenAsync(shortServer.Port, null);
        var read = new ReadRequest { NodesToRead = [new ReadValueId { NodeId = new NodeId("x", 1), AttributeId = 13 }] };
        read.RequestHeader.AuthenticationToken = idle.AuthenticationToken;
        Assert.IsType<ReadResponse>(await idle.CallAsync(read));
        await Task.Delay(1600);
        Assert.Equal(0, shortServer.SessionCount);
        var expired = await idle.CallAsync(read);
        Assert.Equal(StatusCodes.BadSessionIdInvalid, expired.ResponseHeader.ServiceResult);
    }

    [Fact]
    public async Task Operation_and_subscription_limits_answer_their_bad_status()
    {
        await using var server = await StartAsync(o => { o.MaxOperationsPerRequest = 3; o.MaxSubscriptionsPerSession = 1; o.MaxMonitoredItemsPerSubscription = 1; });
        await using var client = new UaClient(new UaClientOptions { EndpointUrl = server.EndpointUrl, Reconnect = false });
        await client.ConnectAsync();
        var tooMany = await Assert.ThrowsAsync<UaStatusException>(() => client.ReadAsync([.. Enumerable.Repeat(new NodeId("x", 1), 4)]));
        Assert.Equal(StatusCodes.BadTooManyOperations, tooMany.StatusCode);
        Assert.Equal(3, (await client.ReadAsync([.. Enumerable.Repeat(new NodeId("x", 1), 3)])).Length);

        var two = await client.CreateTagSetAsync(["ns=1;s=x", "ns=1;s=x"]);
        var items = await Assert.ThrowsAsync<UaStatusException>(() => client.SubscribeAsync(two, TimeSpan.FromMilliseconds(100), _ => { }));
        Assert.Equal(StatusCodes.BadTooManyMonitoredItems, items.StatusCode);
        var second = await Assert.ThrowsAsync<UaStatusException>(() => client.SubscribeAsync(two, TimeSpan.FromMilliseconds(100), _ => { }));
        Assert.Equal(StatusCodes.BadTooManySubscriptions, second.StatusCode);
    }

    [Fact]
    public async Task Client_keeps_a_short_session_alive_and_recreates_a_session_the_server_closed()
    {
        await using var server = await StartAsync(o => { o.MinSessionTimeout = TimeSpan.FromSeconds(3); o.MaxSessionTimeout = TimeSpan.FromSeconds(3); });
        await using var client = new UaClient(new UaClientOptions
        {
            EndpointUrl = server.EndpointUrl,
            SessionTimeout = TimeSpan.FromSeconds(60), // the server grants 3 s: keep-alive reads (every 1 s) follow the granted value
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
        });
        await client.ConnectAsync();
        var tags = await client.CreateTagSetAsync(["ns=1;s=x"]);
        await Task.Delay(4500);
        Assert.True(await client.ReadAsync(tags, new double[1], new uint[1]));
        Assert.Equal(0, client.SessionRecreateCount);

        server.CloseSessions();
        var lost = await Assert.ThrowsAsync<UaStatusException>(() => client.ReadAsync(tags, new double[1], new uint[1]).AsTask());
        Assert.Equal(StatusCodes.BadSessionIdInvalid, lost.StatusCode);
        await OurClientAgainstNodeServerTests.WaitUntil(() => client.IsConnected && client.SessionRecreateCount == 1, TimeSpan.FromSeconds(5));
        Assert.True(await client.ReadAsync(tags, new double[1], new uint[1]));
    }

    [Fact]
    public async Task Subscription_without_publish_requests_expires_with_a_status_change()
    {
        await using var server = await StartAsync();
        await using var raw = await RawConnection.OpenAsync(server.Port, null);
        T Auth<T>(T request) where T : IServiceRequest
        {
            request.RequestHeader.AuthenticationToken = raw.AuthenticationToken;
            return request;
        }

        var created = (CreateSubscriptionResponse)await raw.CallAsync(Auth(new CreateSubscriptionRequest
        {
            RequestedPublishingInterval = 50, RequestedMaxKeepAliveCount = 1, RequestedLifetimeCount = 3, PublishingEnabled = true,
        }));
        Assert.Equal(3u, created.RevisedLifetimeCount);
        var republish = await raw.CallAsync(Auth(new RepublishRequest { SubscriptionId = created.SubscriptionId, RetransmitSequenceNumber = 5 }));
        Assert.Equal(StatusCodes.BadMessageNotAvailable, republish.ResponseHeader.ServiceResult);

        // Lifetime 3 × 50 ms without a publish request; wait for the server's tick to expire it (a publish request
        // sent earlier would count as activity and keep the subscription alive).
        await OurClientAgainstNodeServerTests.WaitUntil(() => server.PendingStatusChangeCount == 1, TimeSpan.FromSeconds(10));
        var publish = Assert.IsType<PublishResponse>(await raw.CallAsync(Auth(new PublishRequest())));
        var change = Assert.IsType<StatusChangeNotification>(Assert.Single(publish.NotificationMessage.NotificationData!).Body);
        Assert.Equal(StatusCodes.BadTimeout, change.Status);
        Assert.Equal(created.SubscriptionId, publish.SubscriptionId);
        var none = await raw.CallAsync(Auth(new PublishRequest()));
        Assert.Equal(StatusCodes.BadNoSubscription, none.ResponseHeader.ServiceResult);
    }

    [Fact]
    public async Task Session_moves_to_a_new_channel_with_activate_session()
    {
        await using var server = await StartAsync();
        NodeId token;
        await using (var first = await RawConnection.OpenAsync(server.Port, null))
        {
            token = first.AuthenticationToken;
        }

        await using var second = await RawConnection.OpenAsync(server.Port, token);
        Assert.Equal(token, second.AuthenticationToken);
        Assert.Equal(1, server.SessionCount);
    }

    [Fact]
    public async Task Unsupported_services_get_a_fault_and_unknown_hello_is_refused()
    {
        await using var server = await StartAsync();
        await using var raw = await RawConnection.OpenAsync(server.Port, null);
        var fault = await raw.CallAsync(new SetPublishingModeRequest());
        Assert.Equal(StatusCodes.BadServiceUnsupported, fault.ResponseHeader.ServiceResult);
        var empty = new ReadRequest { NodesToRead = [] };
        empty.RequestHeader.AuthenticationToken = raw.AuthenticationToken;
        Assert.Equal(StatusCodes.BadNothingToDo, (await raw.CallAsync(empty)).ResponseHeader.ServiceResult);
    }

    [Fact]
    public async Task Our_client_reconnects_to_our_restarted_server_and_recreates_its_subscription()
    {
        var port = NodeServer.FreePort();
        var server = await StartAsync(o => o.Port = port);
        var client = new UaClient(new UaClientOptions { EndpointUrl = $"opc.tcp://127.0.0.1:{port}", ReconnectInitialDelay = TimeSpan.FromMilliseconds(50), ReconnectMaxDelay = TimeSpan.FromMilliseconds(500) });
        try
        {
            await client.ConnectAsync();
            var tags = await client.CreateTagSetAsync(["ns=1;s=x"]);
            var changes = 0;
            var subscription = await client.SubscribeAsync(tags, TimeSpan.FromMilliseconds(50), _ => Interlocked.Increment(ref changes));
            await OurClientAgainstNodeServerTests.WaitUntil(() => Volatile.Read(ref changes) >= 1, TimeSpan.FromSeconds(5));
            await server.DisposeAsync();
            server = await StartAsync(o => o.Port = port);
            await OurClientAgainstNodeServerTests.WaitUntil(() => client.IsConnected && client.ReconnectCount >= 1 && Volatile.Read(ref changes) >= 2, TimeSpan.FromSeconds(15));
            Assert.Equal(1, subscription.RecreateCount);
            server.AddressSpace.SetValue(new NodeId("x", 1), new Variant(5.0));
            await OurClientAgainstNodeServerTests.WaitUntil(() => Volatile.Read(ref changes) >= 3, TimeSpan.FromSeconds(5));
        }
        finally
        {
            await client.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    /// <summary>A request type the server does not implement (SetPublishingMode, id 799), encoded by hand.</summary>
    private sealed class SetPublishingModeRequest : ServiceRequest
    {
        public override uint BinaryEncodingId => 799;

        protected override void EncodeBody(UaBinaryWriter w)
        {
            w.WriteBoolean(true);
            w.WriteArray(Array.Empty<uint>(), static (x, v) => x.WriteUInt32(v));
        }

        protected override void DecodeBody(ref UaBinaryReader r)
        {
        }
    }
}
