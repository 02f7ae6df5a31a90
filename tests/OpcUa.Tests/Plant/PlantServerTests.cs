using System.Collections.Concurrent;
using System.Text.Json;
using IndustrialSafeRL.OpcUa.Client;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Server;

namespace IndustrialSafeRL.OpcUa.Tests.Plant;

public sealed class PlantServerTests
{
    private static async Task<(PlantServer Plant, CountingPlant Fake, UaClient Client, ConcurrentQueue<string> Log)> StartAsync(PlantStepMode mode)
    {
        var fake = new CountingPlant();
        var plant = new PlantServer(new UaServer(new UaServerOptions { Port = 0 }), fake,
            new PlantServerOptions { StepMode = mode, Period = TimeSpan.FromMilliseconds(20), LifeBitPeriod = TimeSpan.FromMilliseconds(50) });
        var log = new ConcurrentQueue<string>();
        plant.StepLogged = log.Enqueue;
        await plant.StartAsync();
        var client = new UaClient(new UaClientOptions { EndpointUrl = plant.Server.EndpointUrl, Reconnect = false });
        await client.ConnectAsync();
        return (plant, fake, client, log);
    }

    [Fact]
    public async Task Exactly_one_step_per_write_request_with_an_action_visible_to_the_next_read()
    {
        var (plant, fake, client, log) = await StartAsync(PlantStepMode.OnWrite);
        await using (plant)
        await using (client)
        {
            var obs = await client.CreateTagSetAsync(["nsu=urn:isrl-sim:industrial-benchmark;s=IB.Observation.level", "ns=2;s=IB.Observation.flow"]);
            var act = await client.CreateTagSetAsync(["ns=2;s=IB.Action.valve", "ns=2;s=IB.Action.pump"]);
            var heartbeat = await client.CreateTagSetAsync(["ns=2;s=IB.Plc.heartbeat"]);
            var values = new double[2];
            var statuses = new uint[2];
            var results = new uint[2];

            Assert.True(await client.WriteAsync(act, new[] { 0.5, 0.25 }, results));
            Assert.True(await client.ReadAsync(obs, values, statuses));
            Assert.Equal([10.75, 20.25], values);
            Assert.Equal(1, fake.Steps);

            // A write that touches no action (heartbeat) does not step; a refused action write does not step either.
            Assert.True(await client.WriteAsync(heartbeat, new[] { 1.0 }, new uint[1]));
            Assert.False(await client.WriteAsync(act, new[] { 2.0, 0.0 }, results));
            Assert.Equal(StatusCodes.BadOutOfRange, results[0]);
            Assert.Equal(StatusCodes.Good, results[1]);
            Assert.Equal(2, fake.Steps); // the Good half of that request still stepped once
            Assert.Equal(2, plant.Steps);

            using var line = JsonDocument.Parse(log.First());
            Assert.Equal("write", line.RootElement.GetProperty("reason").GetString());
            Assert.Equal(0.5, line.RootElement.GetProperty("actions").GetProperty("valve").GetDouble());
            Assert.Equal(10.75, line.RootElement.GetProperty("observations").GetProperty("level").GetDouble());
        }
    }

    [Fact]
    public async Task Periodic_mode_steps_on_its_own_and_the_life_bit_toggles_and_permissive_is_read_only()
    {
        var (plant, fake, client, _) = await StartAsync(PlantStepMode.Periodic);
        await using (plant)
        await using (client)
        {
            var plc = await client.CreateTagSetAsync(["ns=2;s=IB.Plc.life_bit", "ns=2;s=IB.Plc.permissive"]);
            var seen = new HashSet<double>();
            var values = new double[2];
            for (var i = 0; i < 200 && seen.Count < 2; i++)
            {
                await client.ReadAsync(plc, values, new uint[2]);
                seen.Add(values[0]);
                await Task.Delay(20);
            }

            Assert.Equal(2, seen.Count);
            Assert.Equal(1.0, values[1]);
            Assert.True(fake.Steps >= 3, $"only {fake.Steps} periodic steps");
            var refused = await client.WriteAsync([(Types.NodeId.Parse("ns=2;s=IB.Plc.permissive"), new Types.Variant(false))]);
            Assert.Equal(StatusCodes.BadNotWritable, refused[0]);
            plant.SetPermissive(false);
            await client.ReadAsync(plc, values, new uint[2]);
            Assert.Equal(0.0, values[1]);
        }
    }
}

/// <summary>node-opcua's client.js against <see cref="PlantServer"/>: the stepping contract seen by an independent client.</summary>
[Collection("interop")]
public sealed class PlantServerInteropTests
{
    [Fact]
    public async Task One_write_request_with_two_actions_is_exactly_one_step()
    {
        var fake = new CountingPlant();
        await using var plant = new PlantServer(new UaServer(new UaServerOptions { Port = 0 }), fake, new PlantServerOptions());
        await plant.StartAsync();
        var (code, events, output) = await Interop.NodeProcess.RunAsync(TimeSpan.FromSeconds(60), "client.js", "--endpoint", plant.Server.EndpointUrl,
            "write", "ns=2;s=IB.Action.valve=0.5", "ns=2;s=IB.Action.pump=-0.25", "ns=2;s=IB.Plc.heartbeat=7");
        Assert.True(code == 2, output); // heartbeat is Int32: a Double write is BadTypeMismatch, the actions are Good
        Assert.Equal(1, fake.Steps);
        var (code2, events2, output2) = await Interop.NodeProcess.RunAsync(TimeSpan.FromSeconds(60), "client.js", "--endpoint", plant.Server.EndpointUrl,
            "read", "ns=2;s=IB.Observation.level", "ns=2;s=IB.Plc.life_bit", "ns=2;s=IB.Plc.permissive");
        Assert.True(code2 == 0, output2);
        var reads = events2.Where(e => e.GetProperty("event").GetString() == "read").ToList();
        Assert.Equal(10.25, reads[0].GetProperty("value").GetDouble());
        Assert.True(reads[2].GetProperty("value").GetBoolean());
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "write" && e.GetProperty("status").GetString()!.Contains("BadTypeMismatch", StringComparison.Ordinal));
    }
}
