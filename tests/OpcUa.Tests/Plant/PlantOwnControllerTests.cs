using IndustrialSafeRL.OpcUa.Client;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Server;

namespace IndustrialSafeRL.OpcUa.Tests.Plant;

/// <summary>The PLC side of the simulator: the plant keeps running under its own controller while no client writes.</summary>
public sealed class PlantOwnControllerTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(30);

    [Fact]
    public async Task Without_writes_the_own_controller_steps_and_the_permissive_is_rearmed()
    {
        var fake = new SelfControlledPlant();
        await using var plant = new PlantServer(new UaServer(new UaServerOptions { Port = 0 }), fake, new PlantServerOptions
        {
            StepMode = PlantStepMode.OnWrite,
            OwnControllerAfter = Idle,
            PermissiveRearmAfter = TimeSpan.FromMilliseconds(150),
        });
        var permissiveSeen = new List<bool>();
        await plant.StartAsync();
        await using var client = new UaClient(new UaClientOptions { EndpointUrl = plant.Server.EndpointUrl, Reconnect = false });
        await client.ConnectAsync();
        var permissive = await client.CreateTagSetAsync(["ns=2;s=IB.Plc.permissive"]);
        var observations = await client.CreateTagSetAsync(["ns=2;s=IB.Observation.level"]);
        var value = new double[1];
        var status = new uint[1];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !(permissiveSeen.Contains(false) && permissiveSeen.LastOrDefault() && plant.OwnControllerSteps > 10))
        {
            Assert.True(await client.ReadAsync(permissive, value, status));
            permissiveSeen.Add(value[0] != 0);
            await Task.Delay(5);
        }

        Assert.True(plant.OwnControllerSteps > 10, $"{plant.OwnControllerSteps} own-controller steps");
        Assert.Equal(0, plant.Steps);
        Assert.Contains(false, permissiveSeen);
        Assert.True(permissiveSeen[^1], "the permissive is granted again after the re-arm");
        // The observation follows the own controller's actions (−0.1 on the valve per step), fresh for readers.
        Assert.True(await client.ReadAsync(observations, value, status));
        Assert.True(value[0] < 10, $"level {value[0]}");
    }

    [Fact]
    public async Task While_a_client_writes_every_period_the_own_controller_stays_out()
    {
        var fake = new SelfControlledPlant();
        await using var plant = new PlantServer(new UaServer(new UaServerOptions { Port = 0 }), fake, new PlantServerOptions
        {
            StepMode = PlantStepMode.OnWrite,
            OwnControllerAfter = TimeSpan.FromMilliseconds(200),
        });
        await plant.StartAsync();
        await using var client = new UaClient(new UaClientOptions { EndpointUrl = plant.Server.EndpointUrl, Reconnect = false });
        await client.ConnectAsync();
        var actions = await client.CreateTagSetAsync(["ns=2;s=IB.Action.valve", "ns=2;s=IB.Action.pump"]);
        var results = new uint[2];
        // Connecting may take longer than a period on a loaded machine: the plant's own controller rightly steps then.
        Assert.True(await client.WriteAsync(actions, new[] { 0.1, 0.0 }, results));
        var ownBefore = plant.OwnControllerSteps;
        for (var i = 1; i < 60; i++)
        {
            Assert.True(await client.WriteAsync(actions, new[] { 0.1, 0.0 }, results));
            await Task.Delay(10);
        }

        Assert.Equal(60, plant.Steps);
        // Once writes arrive every ~10 ms, at most the tick racing the first write may still step under the own controller.
        Assert.InRange(plant.OwnControllerSteps - ownBefore, 0, 1);
    }

    [Fact]
    public void A_rearm_without_an_own_controller_period_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new PlantServerOptions { PermissiveRearmAfter = TimeSpan.FromSeconds(1) }.Validate());
        Assert.Contains("PermissiveRearmAfter needs OwnControllerAfter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_PublishGuide_the_own_controllers_proposal_is_served_read_only_and_follows_every_step()
    {
        var fake = new SelfControlledPlant();
        await using var plant = new PlantServer(new UaServer(new UaServerOptions { Port = 0 }), fake, new PlantServerOptions
        {
            StepMode = PlantStepMode.OnWrite,
            PublishGuide = true,
        });
        await plant.StartAsync();
        Assert.Equal(["ns=2;s=IB.Guide.valve", "ns=2;s=IB.Guide.pump"], plant.Guides.Select(g => g.NodeId.ToString()));
        await using var client = new UaClient(new UaClientOptions { EndpointUrl = plant.Server.EndpointUrl, Reconnect = false });
        await client.ConnectAsync();
        var guide = await client.CreateTagSetAsync(["ns=2;s=IB.Guide.valve", "ns=2;s=IB.Guide.pump"]);
        var actions = await client.CreateTagSetAsync(["ns=2;s=IB.Action.valve", "ns=2;s=IB.Action.pump"]);
        var values = new double[2];
        var status = new uint[2];
        Assert.True(await client.ReadAsync(guide, values, status));
        Assert.Equal([-0.1, 0], values);

        // The PLC's controller proposes something else for the next state: published after the step.
        fake.Proposal[0] = 0.3;
        fake.Proposal[1] = -0.2;
        Assert.True(await client.WriteAsync(actions, new[] { 0.1, 0.0 }, status));
        Assert.True(await client.ReadAsync(guide, values, status));
        Assert.Equal([0.3, -0.2], values);

        // Clients cannot write the guide.
        Assert.False(await client.WriteAsync(guide, new[] { 0.0, 0.0 }, status));
        Assert.True(await client.ReadAsync(guide, values, status));
        Assert.Equal([0.3, -0.2], values);
    }

    [Fact]
    public void Publishing_the_guide_needs_a_plant_with_its_own_controller()
    {
        var e = Assert.Throws<ArgumentException>(() => new PlantServer(new UaServer(new UaServerOptions { Port = 0 }), new CountingPlant(),
            new PlantServerOptions { PublishGuide = true }));
        Assert.StartsWith("PublishGuide needs a plant with its own controller", e.Message, StringComparison.Ordinal);
    }
}
