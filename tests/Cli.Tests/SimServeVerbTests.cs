using System.CommandLine;
using System.Text.Json;
using IndustrialSafeRL.Cli.Commands;
using IndustrialSafeRL.OpcUa.Client;

namespace IndustrialSafeRL.Cli.Tests;

/// <summary><c>isrl sim serve</c>: the real Industrial Benchmark over OPC UA, driven by our client, stopped by cancellation.</summary>
public sealed class SimServeVerbTests
{
    private sealed class SyncWriter : StringWriter
    {
        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }
        }

        public string Snapshot()
        {
            lock (this)
            {
                return ToString();
            }
        }
    }

    /// <summary>Starts <c>isrl sim serve --port 0 …</c> in process and waits for its READY line.</summary>
    private static async Task<(Task<int> Run, string Endpoint)> ServeAsync(SyncWriter output, CancellationToken stop, params string[] options)
    {
        var root = new RootCommand("isrl under test");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        var error = new StringWriter();
        var run = root.Parse(["sim", "serve", "--port", "0", .. options])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, stop);
        string? endpoint = null;
        for (var i = 0; i < 200 && endpoint is null; i++)
        {
            endpoint = output.Snapshot().Split('\n').FirstOrDefault(l => l.StartsWith("READY ", StringComparison.Ordinal))?[6..].Trim();
            await Task.Delay(25);
        }

        Assert.True(endpoint is not null, output.Snapshot() + error);
        return (run, endpoint);
    }

    [Fact]
    public async Task Serves_the_ib_steps_once_per_write_and_stops_cleanly()
    {
        using var output = new SyncWriter();
        using var stop = new CancellationTokenSource();
        var (run, endpoint) = await ServeAsync(output, stop.Token, "--setpoint", "70", "--seed", "3");
        await using (var client = new UaClient(new UaClientOptions { EndpointUrl = endpoint, Reconnect = false }))
        {
            await client.ConnectAsync();
            var obs = await client.CreateTagSetAsync(["ns=2;s=IB.Observation.setpoint", "ns=2;s=IB.Observation.velocity"]);
            var act = await client.CreateTagSetAsync(["ns=2;s=IB.Action.delta_velocity", "ns=2;s=IB.Action.delta_gain", "ns=2;s=IB.Action.delta_shift"]);
            var values = new double[2];
            Assert.True(await client.ReadAsync(obs, values, new uint[2]));
            Assert.Equal(70.0, values[0]);
            var velocity = values[1];
            Assert.True(await client.WriteAsync(act, new[] { 1.0, 0.0, 0.0 }, new uint[3]));
            Assert.True(await client.ReadAsync(obs, values, new uint[2]));
            Assert.Equal(Math.Min(100, velocity + 1), values[1], 9);
            var refused = new uint[3];
            Assert.False(await client.WriteAsync(act, new[] { 1.5, 0.0, 0.0 }, refused));
            Assert.Equal(0x803C0000u, refused[0]); // BadOutOfRange
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        var lines = output.Snapshot().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).ToList();
        var steps = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == "step").ToList();
        Assert.Equal(2, steps.Count); // one per Write request that wrote an action (the refused one still wrote two Good zeros)
        Assert.Equal(1.0, steps[0].GetProperty("actions").GetProperty("delta_velocity").GetDouble());
        Assert.Contains(lines, l => l.Contains("\"event\":\"stopped\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_own_controller_the_set_point_controllers_action_is_published_as_guide_tags()
    {
        using var output = new SyncWriter();
        using var stop = new CancellationTokenSource();
        var (run, endpoint) = await ServeAsync(output, stop.Token, "--seed", "3", "--own-controller", "mediocre");
        await using (var client = new UaClient(new UaClientOptions { EndpointUrl = endpoint, Reconnect = false }))
        {
            await client.ConnectAsync();
            var obs = await client.CreateTagSetAsync(["ns=2;s=IB.Observation.velocity", "ns=2;s=IB.Observation.gain", "ns=2;s=IB.Observation.shift"]);
            var guide = await client.CreateTagSetAsync(["ns=2;s=IB.Guide.delta_velocity", "ns=2;s=IB.Guide.delta_gain", "ns=2;s=IB.Guide.delta_shift"]);
            var act = await client.CreateTagSetAsync(["ns=2;s=IB.Action.delta_velocity", "ns=2;s=IB.Action.delta_gain", "ns=2;s=IB.Action.delta_shift"]);
            var x = new double[3];
            var g = new double[3];
            for (var step = 0; step < 3; step++)
            {
                Assert.True(await client.ReadAsync(obs, x, new uint[3]));
                Assert.True(await client.ReadAsync(guide, g, new uint[3]));
                // mediocre: clip((25 − x) / scale) with scales 1, 10, 5.75 on velocity, gain, shift.
                Assert.Equal(Math.Clamp(25 - x[0], -1, 1), g[0], 12);
                Assert.Equal(Math.Clamp((25 - x[1]) / 10, -1, 1), g[1], 12);
                Assert.Equal(Math.Clamp((25 - x[2]) / 5.75, -1, 1), g[2], 12);
                Assert.True(await client.WriteAsync(act, new[] { 1.0, 1.0, 1.0 }, new uint[3]));
            }

            Assert.False(await client.WriteAsync(guide, new[] { 0.0, 0.0, 0.0 }, new uint[3]));
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run);
    }

    [Theory]
    [InlineData("--own-controller", "random", "--own-controller")]
    [InlineData("--setpoint", "150", "--setpoint")]
    [InlineData("--period", "soon", "--period")]
    [InlineData("--period", "0ms", "--period")]
    public void Bad_options_are_named(string option, string value, string expected)
    {
        var (code, _, error) = CliRun.Invoke("sim", "serve", "--port", "0", option, value);
        Assert.Equal(1, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_on_write_and_period_exclude_each_other()
    {
        var (code, _, error) = CliRun.Invoke("sim", "serve", "--port", "0", "--step-on-write", "--period", "100ms");
        Assert.Equal(1, code);
        Assert.Contains("exclude", error, StringComparison.Ordinal);
    }
}
