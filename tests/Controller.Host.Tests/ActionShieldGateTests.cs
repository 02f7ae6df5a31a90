using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Controller.Host.Tests.Fakes;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;
using IndustrialSafeRL.Shield.Configuration;

namespace IndustrialSafeRL.Controller.Host.Tests;

/// <summary>The loop's shield seam over the project's real ordered shield.</summary>
public sealed class ActionShieldGateTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("isrl-gate-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static ActionShieldGate Gate(ControllerOptions o, TimeProvider time, double move = 0.1) =>
        new(ActionShieldGate.OptionsFor(new ShieldOptions
        {
            Actuators = [.. o.Tags.Actuators.Select(a => new ActuatorLimits { Tag = a.Name, Min = -1, Max = 1, MaxMovePerCycle = move, IsIncrement = true })],
        }, o), o, time);

    private static ControllerOptions Ib()
    {
        var o = new ControllerOptions();
        IndustrialBenchmarkTags.ApplyDefaults(o);
        return o;
    }

    [Fact]
    public void A_safe_action_passes_and_a_large_move_is_limited_with_the_actuator_named()
    {
        var gate = Gate(Ib(), TimeProvider.System);
        gate.SetEnvelope(TestPolicyPackages.ReadManifest(TestPolicyPackages.WriteConstant(Path.Combine(root, "p"), [0f, 0f, 0f])));
        var action = new double[3];
        var interventions = new List<Intervention>();
        double[] observation = [70, 50, 50, 50, 10, 20];
        Assert.Equal(ShieldGateVerdict.Pass, gate.Decide(observation, [0.05, 0, -0.05], [0, 0, 0], false, action, interventions));
        Assert.Empty(interventions);
        Assert.Equal([0.05, 0, -0.05], action);

        Assert.Equal(ShieldGateVerdict.Modified, gate.Decide(observation, [0.9, 0, 0], [0, 0, 0], false, action, interventions));
        Assert.Equal(0.1, action[0], 12);
        var move = Assert.Single(interventions);
        Assert.Equal("MoveLimit", move.Unit);
        Assert.StartsWith("delta_velocity: ", move.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_packages_data_support_maps_onto_the_plant_order_and_a_state_outside_it_sheds()
    {
        var o = Ib();
        // The plant keeps its tags in another order than the package.
        o.Tags.Observations.Reverse();
        var gate = Gate(o, TimeProvider.System);
        var dir = TestPolicyPackages.WriteConstant(Path.Combine(root, "p"), [0f, 0f, 0f]);
        gate.SetEnvelope(TestPolicyPackages.ReadManifest(dir));
        var action = new double[3];
        var interventions = new List<Intervention>();
        // consumption (data support 0..1000) is first in this plant's order.
        double[] inside = [20, 10, 50, 50, 50, 70];
        Assert.NotEqual(ShieldGateVerdict.Shed, gate.Decide(inside, [0, 0, 0], [0, 0, 0], false, action, interventions));
        double[] outside = [5000, 10, 50, 50, 50, 70];
        Assert.Equal(ShieldGateVerdict.Shed, gate.Decide(outside, [0, 0, 0], [0, 0, 0], false, action, interventions));
        Assert.Contains(interventions, i => i.Unit == "DataSupportGuard");
    }

    [Fact]
    public void The_guide_bound_holds_inside_the_packages_confidence_box_and_widens_outside_it()
    {
        var o = Ib();
        o.Tags.Observations.Reverse(); // velocity is observation 4 in this plant's order
        var gate = Gate(o, TimeProvider.System);
        var manifest = TestPolicyPackages.ReadManifest(TestPolicyPackages.WriteConstant(Path.Combine(root, "p"), [0f, 0f, 0f]));
        gate.SetEnvelope(manifest with
        {
            Guide = new GuideSpec("setpoint", manifest.Action.Tags, [0.02, 0.02, 0.02], null, new GuideConfidence(["velocity"], [40], [60], [10])),
        });
        var action = new double[3];
        var interventions = new List<Intervention>();
        double[] guide = [0, 0, 0];
        double[] inside = [20, 10, 50, 50, 50, 70];
        Assert.Equal(ShieldGateVerdict.Modified, gate.Decide(inside, [0.05, 0, -0.05], [0, 0, 0], guide, false, action, interventions));
        Assert.Equal([0.02, 0, -0.02], action);
        Assert.All(interventions, i => Assert.Equal("GuideDeviation", i.Unit));

        double[] outside = [20, 10, 50, 50, 80, 70];
        interventions.Clear();
        Assert.Equal(ShieldGateVerdict.Pass, gate.Decide(outside, [0.05, 0, -0.05], [0, 0, 0], guide, false, action, interventions));
        Assert.Equal([0.05, 0, -0.05], action);

        var unknown = Assert.Throws<ArgumentException>(() => gate.SetEnvelope(manifest with
        {
            Guide = new GuideSpec("setpoint", manifest.Action.Tags, [0.02, 0.02, 0.02], null, new GuideConfidence(["speed"], [40], [60], [10])),
        }));
        Assert.Contains("guide.confidence.tags[0]: 'speed'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_real_shield_Auto_writes_move_limited_values_from_the_bumpless_start()
    {
        await using var h = new LoopHarness("Shadow", action: [0.9f, -0.9f, 0.3f], gate: (o, t) => Gate(o, t));
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "op", "trial"));
        await h.CyclesAsync(12);
        var writes = h.Plant.ActuatorWrites.Select(w => w.Actuators!).ToList();
        Assert.Equal([0, 0, 0], writes[0]);
        for (var k = 1; k < writes.Count; k++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.True(Math.Abs(writes[k][j] - writes[k - 1][j]) <= 0.1 + 1e-12);
            }
        }

        Assert.Equal([0.9, -0.9, 0.3], writes[^1].Select(a => Math.Round(a, 6)));
        Assert.Equal(ShedReason.None, h.Loop.Shed);
    }
}
