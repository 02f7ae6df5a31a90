using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Types;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;

namespace IndustrialSafeRL.EndToEnd.Tests.Controller;

/// <summary>
/// A package whose guide is a PLC tag, run by the controller host against the IB plant server over real OPC UA: the
/// server publishes its own controller's proposal as <c>IB.Guide.*</c>, the host reads those tags with the
/// observations, feeds them to the graph's guide input and centres the real shield's guide-deviation bound on them.
/// </summary>
public sealed class TagGuideOverOpcUaTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly string[] Actions = TestPolicyPackages.ActionTags;
    private readonly string root = Directory.CreateTempSubdirectory("isrl-e2e-guide-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static double Value(PlantFixture plant, string id)
    {
        plant.Server.Server.AddressSpace.TryGetNode(NodeId.Parse($"ns=2;s=IB.{id}"), out var node);
        var variable = Assert.IsType<IndustrialSafeRL.OpcUa.Server.UaVariableNode>(node);
        Assert.True(variable.Value.Value.TryGetDouble(out var v));
        return v;
    }

    private static bool LastWritten(PlantFixture plant, double[] expected) =>
        plant.StepActions.LastOrDefault() is { } last && last.Select(a => Math.Round(a, 6)).SequenceEqual(expected);

    [Fact]
    public async Task In_Auto_the_action_perturbs_the_PLC_guide_tag_within_the_bound_follows_it_and_a_NaN_guide_sheds()
    {
        // action = clip(guide + (0.3, 0, −0.3)), guide bound 0.1: the shield holds the action at guide ± 0.1.
        var package = TestPolicyPackages.WriteGuided(Path.Combine(root, "guided"), [0.3f, 0f, -0.3f], "tag-guided", kind: "tag", bound: 0.1, clip: true);
        var simulator = new GuidedIndustrialBenchmark();
        double[] guide1 = [0.2, -0.4, 0.5], guide2 = [-0.5, 0.1, -0.2];
        simulator.Propose(guide1);
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic, plant: simulator);
        var extra = new Dictionary<string, string?>();
        for (var i = 0; i < 3; i++)
        {
            extra[$"Controller:Tags:Guides:{i}:Name"] = Actions[i];
            extra[$"Controller:Tags:Guides:{i}:NodeId"] = $"ns=2;s=IB.Guide.{Actions[i]}";
            // No move limit in the way: the guide bound is what holds the action.
            extra[$"Shield:Actuators:{i}:MaxMovePerCycle"] = "2";
        }

        await using (var run = await HostRun.StartAsync(plant.Endpoint, root, "Auto", [package], extra))
        {
            plant.GrantPermissiveAfterSheds(run.Loop);
            await HostRun.WaitUntilAsync(() => run.Loop.Mode == ControllerMode.Auto && LastWritten(plant, [0.3, -0.4, 0.4]), Wait,
                "Auto writing guide 1 + bound", run.Loop);
            await Task.Delay(300); // a few more cycles on this guide

            // The PLC's own controller changes its proposal: the written action follows the new guide.
            simulator.Propose(guide2);
            await HostRun.WaitUntilAsync(() => LastWritten(plant, [-0.4, 0.1, -0.3]), Wait, "writing guide 2 + bound", run.Loop);
            await Task.Delay(300);

            // A NaN guide sheds to the PLC, naming the tag; the heartbeat stops.
            simulator.Propose(double.NaN, 0.1, -0.2);
            await HostRun.WaitUntilAsync(() => run.Loop.Shed == ShedReason.GuideFault, Wait, "shed on a NaN guide", run.Loop);
            var beat = Value(plant, "Plc.heartbeat");
            var mark = run.Loop.Audit.Entries.Count;
            await Task.Delay(500);
            await HostRun.AssertStillShedAsync(run.Loop, ShedReason.GuideFault, mark);
            Assert.Equal(beat, Value(plant, "Plc.heartbeat"));
            // If the loop was already shed (a late cycle on this loaded machine, awaiting the permissive), the entry
            // reports the new cause as "still shed, now: …".
            Assert.Contains(run.Loop.Audit.Entries, e => e.Kind == "shed"
                && e.Why.Replace("still shed, now: ", string.Empty, StringComparison.Ordinal)
                    .StartsWith("GuideFault: guide tag 'delta_velocity' (ns=2;s=IB.Guide.delta_velocity) has a bad status or is not a finite number", StringComparison.Ordinal));
        }

        // Every logged Auto step the policy ran on: the proposal is the graph's output on one of the two guides read
        // from the PLC, and the applied action lies within the bound of that same guide.
        using var store = TransitionStore.Open(Path.Combine(root, "transitions.sqlite"), readOnly: true);
        var ran = store.Read().Where(r => r.Mode == "auto" && r.ProposedAction.All(double.IsFinite)).ToList();
        Assert.True(ran.Count >= 5, $"{ran.Count} Auto steps with a proposal");
        var seen = new HashSet<int>();
        foreach (var r in ran)
        {
            var proposed = r.ProposedAction.Select(a => Math.Round(a, 5)).ToArray();
            var which = proposed.SequenceEqual([0.5, -0.4, 0.2]) ? 0 : proposed.SequenceEqual([-0.2, 0.1, -0.5]) ? 1 : -1;
            Assert.True(which >= 0, $"step {r.Episode}/{r.Step}: proposal {string.Join(", ", proposed)} is not the graph's output on a PLC guide");
            seen.Add(which);
            var guide = which == 0 ? guide1 : guide2;
            var hold = r.AppliedAction.All(a => a == 0);
            for (var j = 0; j < 3; j++)
            {
                Assert.True(hold || Math.Abs(r.AppliedAction[j] - guide[j]) <= 0.1 + 1e-9,
                    $"step {r.Episode}/{r.Step}: applied {r.AppliedAction[j]} is outside guide {guide[j]} ± 0.1");
            }
        }

        Assert.Equal([0, 1], seen.Order());
        Assert.Contains(ran, r => r.Interventions.Any(i => i.Unit == "GuideDeviation"));
    }
}
