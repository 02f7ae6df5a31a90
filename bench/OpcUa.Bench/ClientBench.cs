using System.Diagnostics;
using System.Runtime.CompilerServices;
using IndustrialSafeRL.OpcUa.Client;
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Bench;

/// <summary>Our client doing bench.js's phases: single read/write, 6-read/3-write batches, the control cycle, 8 pipelined reads.</summary>
internal static class ClientBench
{
    public static readonly string[] Observations = ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"];
    public static readonly string[] Actions = ["delta_velocity", "delta_gain", "delta_shift"];

    public static async Task<Dictionary<string, LatencyStats>> RunAsync(string endpoint, int iterations, int warmup)
    {
        await using var client = new UaClient(new UaClientOptions { EndpointUrl = endpoint, Reconnect = false });
        await client.ConnectAsync();
        var obs = await client.CreateTagSetAsync(Observations.Select(o => $"ns=2;s=IB.Observation.{o}"));
        var act = await client.CreateTagSetAsync(Actions.Select(a => $"ns=2;s=IB.Action.{a}"));
        var obs1 = await client.CreateTagSetAsync([$"ns=2;s=IB.Observation.{Observations[0]}"]);
        var act1 = await client.CreateTagSetAsync([$"ns=2;s=IB.Action.{Actions[0]}"]);
        var values = new double[6];
        var statuses = new uint[6];
        var zeros = new double[3];
        var results = new uint[3];

        // Pooled async helpers so the harness itself allocates nothing per iteration and alloc_bytes_per_op is the client's.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        static async ValueTask Check(ValueTask<bool> op)
        {
            if (!await op.ConfigureAwait(false))
            {
                throw new UaStatusException(StatusCodes.Bad, "an operation returned a bad status");
            }
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        async ValueTask Cycle()
        {
            await Check(client.ReadAsync(obs, values, statuses)).ConfigureAwait(false);
            await Check(client.WriteAsync(act, zeros, results)).ConfigureAwait(false);
        }

        var phases = new (string Name, Func<ValueTask> Op)[]
        {
            ("read_single", () => Check(client.ReadAsync(obs1, values, statuses))),
            ("write_single", () => Check(client.WriteAsync(act1, zeros, results))),
            ("read_batch", () => Check(client.ReadAsync(obs, values, statuses))),
            ("write_batch", () => Check(client.WriteAsync(act, zeros, results))),
            ("control_cycle", Cycle),
        };
        var stats = new Dictionary<string, LatencyStats>();
        foreach (var (name, op) in phases)
        {
            await TimeLoop(warmup, op);
            stats[name] = await TimeLoop(iterations, op);
        }

        // 8 requests in flight: one single-tag TagSet per lane (a TagSet is not for concurrent use).
        var lanes = new List<(TagSet Tags, double[] V, uint[] S)>();
        for (var i = 0; i < 8; i++)
        {
            lanes.Add((await client.CreateTagSetAsync([$"ns=2;s=IB.Observation.{Observations[0]}"]), new double[1], new uint[1]));
        }

        await TimePipelined(warmup, lanes, client);
        stats["read_pipelined"] = await TimePipelined(iterations, lanes, client);
        return stats;
    }

    private static async Task<LatencyStats> TimeLoop(int n, Func<ValueTask> op)
    {
        var samples = new double[n];
        var alloc = GC.GetTotalAllocatedBytes(true);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await op();
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        var elapsed = wall.Elapsed.TotalMilliseconds;
        return LatencyStats.From(samples, elapsed, GC.GetTotalAllocatedBytes(true) - alloc);
    }

    private static async Task<LatencyStats> TimePipelined(int n, List<(TagSet Tags, double[] V, uint[] S)> lanes, UaClient client)
    {
        var samples = new double[n];
        var next = -1;
        var alloc = GC.GetTotalAllocatedBytes(true);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(lanes.Select(async lane =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                var t = Stopwatch.GetTimestamp();
                await client.ReadAsync(lane.Tags, lane.V, lane.S);
                samples[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        }));
        var elapsed = wall.Elapsed.TotalMilliseconds;
        return LatencyStats.From(samples, elapsed, GC.GetTotalAllocatedBytes(true) - alloc);
    }
}
