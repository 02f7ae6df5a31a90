using IndustrialSafeRL.OpcUa.Client;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Server;
using IndustrialSafeRL.OpcUa.Tests.Codec;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Tests.Fuzz;

/// <summary>
/// Mutated requests, raw garbage chunks, truncations and hostile nesting against a live server socket, while a
/// well-behaved client keeps reading: the server must never hit an internal error, must keep serving that client and
/// must keep its memory and session count bounded.
/// </summary>
public sealed class LiveServerFuzzTests
{
    private const int Seed = 4840;

    [Fact(Timeout = 180_000)]
    public async Task Server_survives_hostile_input_and_keeps_serving_a_good_client()
    {
        var iterations = Mutator.Iterations(100_000);
        var internalErrors = new List<string>();
        var options = new UaServerOptions { Port = 0, MaxSessions = 50 };
        await using var server = new UaServer(options)
        {
            Logger = m =>
            {
                if (m.Contains("internal error", StringComparison.Ordinal))
                {
                    lock (internalErrors)
                    {
                        internalErrors.Add(m);
                    }
                }
            },
        };
        var gain = server.AddressSpace.AddVariable(WellKnownNodes.ObjectsFolder, new NodeId("gain", 1), new QualifiedName(1, "gain"), new Variant(1.0), writable: true, range: (-10, 10));
        await server.StartAsync();

        await using var good = new UaClient(new UaClientOptions { EndpointUrl = server.EndpointUrl, Reconnect = false });
        await good.ConnectAsync();
        var tags = await good.CreateTagSetAsync(["ns=1;s=gain"]);
        using var stop = new CancellationTokenSource();
        var goodReads = 0;
        var goodLoop = Task.Run(async () =>
        {
            var values = new double[1];
            var statuses = new uint[1];
            while (!stop.IsCancellationRequested)
            {
                Assert.True(await good.ReadAsync(tags, values, statuses));
                goodReads++;
                await Task.Delay(5);
            }
        });

        var seed = Mutator.Seed(Seed);
        var mutator = new Mutator(seed);
        var chunks = CapturedVectors.Chunks.Select(c => c.Bytes).ToArray();
        var before = GC.GetTotalMemory(true);
        var sent = 0;
        var connections = 0;
        NodeId? session = null;
        while (sent < iterations)
        {
            // The session moves from channel to channel (ActivateSession on each new connection), as after a reconnect.
            await using var raw = await RawConnection.OpenAsync(server.Port, session);
            session = raw.AuthenticationToken;
            connections++;
            var bodies = RequestBodies(raw.AuthenticationToken);
            using var drainStop = new CancellationTokenSource();
            var drain = raw.DrainAsync(drainStop.Token);
            try
            {
                // Mostly well-framed chunks with mutated bodies (these keep the connection open and reach the services),
                // sometimes a mutated raw chunk (which usually ends the connection with ERR).
                for (var k = 0; k < 5000 && sent < iterations; k++)
                {
                    sent++;
                    if (mutator.Random.Next(50) == 0)
                    {
                        await raw.SendRawAsync(mutator.Mutate(chunks[mutator.Random.Next(chunks.Length)]));
                        break;
                    }

                    var body = bodies[mutator.Random.Next(bodies.Length)];
                    await raw.SendBodyAsync(mutator.Random.Next(10) == 0 ? body : mutator.Mutate(body, skipPrefix: 4));
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UaStatusException)
            {
                // the server closed this connection: expected for some inputs
            }

            drainStop.CancelAfter(TimeSpan.FromSeconds(2));
            await raw.DisposeAsync();
            await drain;
        }

        await stop.CancelAsync();
        await goodLoop;
        Assert.True(internalErrors.Count == 0, $"seed {seed}: " + string.Join("\n", internalErrors));
        Assert.True(goodReads > 10, $"good client read only {goodReads} times");
        Assert.True(server.SessionCount <= options.MaxSessions);
        var values = new double[1];
        Assert.True(await good.ReadAsync(tags, values, new uint[1]));
        Assert.Equal(gain.Value.Value.AsDouble(), values[0]);
        var after = GC.GetTotalMemory(true);
        Assert.True(after - before < 256L << 20, $"memory grew by {(after - before) >> 20} MiB over {sent} inputs on {connections} connections");
    }

    private static byte[][] RequestBodies(NodeId token)
    {
        var result = new List<byte[]>();
        var w = new UaBinaryWriter();
        foreach (var vector in CapturedVectors.Chunks.Where(c => c.Direction == "c2s" && c.Type == "MSG"))
        {
            if (MessageCodec.Decode(vector.Bytes.AsSpan(24), EncodingLimits.Default) is not IServiceRequest request || request is CloseSessionRequest)
            {
                continue;
            }

            request.RequestHeader.AuthenticationToken = token;
            w.Reset();
            MessageCodec.Encode(w, request);
            result.Add(w.WrittenSpan.ToArray());
        }

        w.Reset();
        MessageCodec.Encode(w, new WriteRequest
        {
            RequestHeader = new RequestHeader { AuthenticationToken = token },
            NodesToWrite = [new WriteValue { NodeId = new NodeId("gain", 1), AttributeId = 13, Value = new DataValue(new Variant(2.0)) }],
        });
        result.Add(w.WrittenSpan.ToArray());
        return [.. result];
    }
}
