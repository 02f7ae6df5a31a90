using IndustrialSafeRL.OpcUa.Client;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;
using Xunit.Abstractions;

namespace IndustrialSafeRL.OpcUa.Tests.Interop;

/// <summary>Our client against node-opcua's server.js (an independent implementation).</summary>
[Collection("interop")]
public sealed class OurClientAgainstNodeServerTests(NodeServerFixture fixture) : IClassFixture<NodeServerFixture>
{
    private const string Ns = "nsu=urn:isrl-sim:industrial-benchmark;";

    private async Task<UaClient> ConnectAsync(Action<UaClientOptions>? configure = null)
    {
        var options = new UaClientOptions { EndpointUrl = fixture.Endpoint, Reconnect = false };
        configure?.Invoke(options);
        var client = new UaClient(options);
        await client.ConnectAsync();
        return client;
    }

    [Fact]
    public async Task Reads_a_tag_set_resolved_by_namespace_uri()
    {
        await using var client = await ConnectAsync();
        Assert.Equal(2, client.NamespaceUris.ToList().IndexOf("urn:isrl-sim:industrial-benchmark"));
        var tags = await client.CreateTagSetAsync([Ns + "s=IB.Observation.setpoint", Ns + "s=IB.Observation.gain", "i=2259"]);
        Assert.Equal([BuiltInType.Double, BuiltInType.Double, BuiltInType.Int32], tags.DataTypes);
        var values = new double[3];
        var statuses = new uint[3];
        Assert.True(await client.ReadAsync(tags, values, statuses));
        Assert.Equal(50.0, values[0]);
        Assert.Equal(0.0, values[2]);

        var raw = await client.ReadAsync([NodeId.Parse("ns=2;s=Nope")]);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, raw[0].StatusCode);
    }

    [Fact]
    public async Task Writes_exact_types_and_gets_the_servers_refusals()
    {
        await using var client = await ConnectAsync();
        var actions = await client.CreateTagSetAsync(["ns=2;s=IB.Action.delta_velocity", "ns=2;s=IB.Action.delta_gain", "ns=2;s=IB.Action.delta_shift"]);
        var results = new uint[3];
        Assert.True(await client.WriteAsync(actions, new double[] { 0.1, 0.0, -0.1 }, results));
        Assert.False(await client.WriteAsync(actions, new double[] { 2.0, 0.0, 0.0 }, results));
        Assert.Equal(StatusCodes.BadOutOfRange, results[0]);

        var statuses = await client.WriteAsync([
            (NodeId.Parse("ns=2;s=IB.Observation.gain"), new Variant(1.0)),
            (NodeId.Parse("ns=2;s=IB.Action.delta_gain"), new Variant(0.5f)),
        ]);
        Assert.Equal([StatusCodes.BadNotWritable, StatusCodes.BadTypeMismatch], statuses);
    }

    [Fact]
    public async Task A_write_steps_the_simulated_process_before_the_next_read()
    {
        await using var client = await ConnectAsync();
        var velocity = await client.CreateTagSetAsync(["ns=2;s=IB.Observation.velocity"]);
        var action = await client.CreateTagSetAsync(["ns=2;s=IB.Action.delta_velocity"]);
        var v = new double[1];
        var s = new uint[1];
        await client.ReadAsync(velocity, v, s);
        var before = v[0];
        var delta = before >= 99 ? -1.0 : 1.0;
        Assert.True(await client.WriteAsync(action, new[] { delta }, s));
        await client.ReadAsync(velocity, v, s);
        Assert.Equal(before + delta, v[0], 9);
    }

    [Fact]
    public async Task Browses_with_continuation_points_and_translates_paths()
    {
        await using var client = await ConnectAsync();
        var objects = await client.BrowseAsync(new NodeId(85));
        Assert.Contains(objects, r => r.BrowseName == new QualifiedName(2, "IndustrialBenchmark"));
        var observations = await client.BrowseAsync(NodeId.Parse("ns=2;s=IB.Observations"), maxReferencesPerNode: 2);
        Assert.Equal(6, observations.Count(r => r.NodeClass == Messages.NodeClass.Variable));

        var paths = await client.TranslateAsync(["/Objects/2:IndustrialBenchmark/2:Actions/2:delta_gain", "/Objects/2:IndustrialBenchmark/0:Actions"]);
        Assert.Equal(NodeId.Parse("ns=2;s=IB.Action.delta_gain"), paths[0].Targets![0].TargetId.NodeId);
        Assert.Equal(uint.MaxValue, paths[0].Targets![0].RemainingPathIndex);
        Assert.Equal(StatusCodes.BadNoMatch, paths[1].StatusCode);
    }

    [Fact]
    public async Task Subscription_delivers_initial_values_and_changes_caused_by_writes()
    {
        await using var client = await ConnectAsync();
        var observed = await client.CreateTagSetAsync(["ns=2;s=IB.Observation.velocity", "ns=2;s=IB.Observation.setpoint"]);
        var action = await client.CreateTagSetAsync(["ns=2;s=IB.Action.delta_velocity"]);
        var changes = new System.Collections.Concurrent.ConcurrentQueue<TagChange>();
        var subscription = await client.SubscribeAsync(observed, TimeSpan.FromMilliseconds(50), changes.Enqueue);
        await WaitUntil(() => changes.Any(c => c.TagIndex == 1), TimeSpan.FromSeconds(10));
        var s = new uint[1];
        for (var i = 0; i < 3; i++)
        {
            await client.WriteAsync(action, new[] { i % 2 == 0 ? 0.5 : -0.5 }, s);
            await Task.Delay(200);
        }

        await WaitUntil(() => changes.Count(c => c.TagIndex == 0) >= 3, TimeSpan.FromSeconds(10));
        await client.DeleteSubscriptionAsync(subscription);
        Assert.True(subscription.ChangeCount >= 4);
    }

    [Fact]
    public async Task Username_login_and_wrong_password()
    {
        await using var client = await ConnectAsync(o => { o.UserName = "operator"; o.Password = "secret"; });
        Assert.True(client.IsConnected);
        var refused = await Assert.ThrowsAsync<UaStatusException>(() => ConnectAsync(o => { o.UserName = "operator"; o.Password = "wrong"; }));
        Assert.Equal(StatusCodes.BadUserAccessDenied, refused.StatusCode);
    }

    [Fact]
    public async Task Multi_chunk_request_and_response_with_8k_buffers()
    {
        await using var client = await ConnectAsync(o => o.BufferSize = 8192);
        Assert.Equal(8192, client.SendChunkSize);
        var ids = Enumerable.Range(0, 500).SelectMany(_ => new[] { "ns=2;s=IB.Observation.velocity", "ns=2;s=IB.Observation.gain" });
        var tags = await client.CreateTagSetAsync(ids);
        var values = new DataValue[tags.Count];
        await client.ReadAsync(tags, values);
        Assert.All(values, v => Assert.Equal(StatusCodes.Good, v.StatusCode));
        Assert.Equal(1000, values.Length);
    }

    internal static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}

/// <summary>server.js killed and restarted under a connected client: reconnect, new session, subscription re-created.</summary>
[Collection("interop")]
public sealed class ReconnectAgainstNodeServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Client_reconnects_recreates_the_session_and_the_subscription_after_a_server_restart()
    {
        var port = NodeServer.FreePort();
        var server = await NodeServer.StartAsync(port);
        var client = new UaClient(new UaClientOptions
        {
            EndpointUrl = $"opc.tcp://127.0.0.1:{port}",
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        })
        { Logger = m => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {m}") };
        try
        {
            await client.ConnectAsync();
            var tags = await client.CreateTagSetAsync(["ns=2;s=IB.Observation.setpoint"]);
            var changes = 0;
            var subscription = await client.SubscribeAsync(tags, TimeSpan.FromMilliseconds(50), _ => Interlocked.Increment(ref changes));
            await OurClientAgainstNodeServerTests.WaitUntil(() => Volatile.Read(ref changes) >= 1, TimeSpan.FromSeconds(10));

            await server.DisposeAsync();
            await OurClientAgainstNodeServerTests.WaitUntil(() => !client.IsConnected, TimeSpan.FromSeconds(10));
            await Assert.ThrowsAsync<UaStatusException>(() => client.ReadAsync(tags, new DataValue[1]).AsTask());
            server = await NodeServer.StartAsync(port);

            await OurClientAgainstNodeServerTests.WaitUntil(() => client.IsConnected && client.ReconnectCount >= 1, TimeSpan.FromSeconds(30));
            Assert.True(client.SessionRecreateCount >= 1);
            var values = new DataValue[1];
            await client.ReadAsync(tags, values);
            Assert.Equal(50.0, values[0].Value.AsDouble());
            // The re-created subscription delivers the initial value again.
            await OurClientAgainstNodeServerTests.WaitUntil(() => Volatile.Read(ref changes) >= 2, TimeSpan.FromSeconds(10));
            Assert.Equal(1, subscription.RecreateCount);
        }
        finally
        {
            await client.DisposeAsync();
            await server.DisposeAsync();
        }
    }
}
