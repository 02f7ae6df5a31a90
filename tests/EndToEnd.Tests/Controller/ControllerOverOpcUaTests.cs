using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Hosting;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Types;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;
using IndustrialSafeRL.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace IndustrialSafeRL.EndToEnd.Tests.Controller;

/// <summary>
/// The controller host against the Industrial Benchmark served over real OPC UA on loopback (the project's server
/// and client, the real shield, real ONNX Runtime, a real SQLite store).
/// </summary>
public sealed class ControllerOverOpcUaTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string root = Directory.CreateTempSubdirectory("isrl-e2e-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Package(string name, float[] action, float nanAbove = float.MaxValue, int version = 1) =>
        TestPolicyPackages.WriteConstant(Path.Combine(root, name), action, name, version, nanAbove);

    private static double Value(PlantFixture plant, string id)
    {
        plant.Server.Server.AddressSpace.TryGetNode(NodeId.Parse($"ns=2;s=IB.{id}"), out var node);
        var variable = Assert.IsType<IndustrialSafeRL.OpcUa.Server.UaVariableNode>(node);
        Assert.True(variable.Value.Value.TryGetDouble(out var v));
        return v;
    }

    [Fact]
    public async Task Shadow_never_writes_actuator_tags()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic);
        await using (var run = await HostRun.StartAsync(plant.Endpoint, root, "Shadow", [Package("p", [0.5f, -0.5f, 0.5f])]))
        {
            await HostRun.WaitUntilAsync(() => run.Loop.Writer.Acknowledged >= 30, Wait, "30 stored steps", run.Loop);
            Assert.True(Value(plant, "Plc.heartbeat") >= 20);
            Assert.True(run.Loop.Status.TransitionsAcknowledged >= 30);
        }

        Assert.True(plant.StepActions.Count > 20);
        Assert.All(plant.StepActions, a => Assert.Equal([0.0, 0.0, 0.0], a));
        using var store = TransitionStore.Open(Path.Combine(root, "transitions.sqlite"), readOnly: true);
        var rows = store.Read().ToList();
        Assert.All(rows, r => Assert.Equal("shadow", r.Mode));
        Assert.All(rows, r => Assert.Equal([0.5, -0.5, 0.5], r.ProposedAction));
        Assert.Contains(rows, r => r.NextObservation is not null && r.Reward < 0);
    }

    [Fact]
    public async Task Auto_writes_only_shielded_values_starting_bumplessly()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.OnWrite);
        await using (var run = await HostRun.StartAsync(plant.Endpoint, root, "Auto", [Package("p", [0.9f, -0.9f, 0.45f])]))
        {
            plant.GrantPermissiveAfterSheds(run.Loop);
            // Under load a deadline miss can shed and restart the ramp from the bumpless hold, so wait for the ramp to
            // arrive rather than for a fixed number of steps.
            await HostRun.WaitUntilAsync(
                () => plant.StepActions.Count >= 15 && plant.StepActions.Last().Select(a => Math.Round(a, 6)).SequenceEqual([0.9, -0.9, 0.45]),
                Wait, "15 written steps, the last at the policy's action");
            Assert.Equal(ControllerMode.Auto, run.Loop.Mode);
        }

        var written = plant.StepActions.ToList();
        Assert.Equal([0.0, 0.0, 0.0], written[0]);
        for (var k = 1; k < written.Count; k++)
        {
            // Every write is the bumpless hold (0 for these increment actuators, after entering or resuming Auto) or
            // within the move limit of the previous one.
            var hold = written[k].All(a => a == 0);
            for (var j = 0; j < 3; j++)
            {
                Assert.InRange(written[k][j], -1, 1);
                Assert.True(hold || Math.Abs(written[k][j] - written[k - 1][j]) <= 0.1 + 1e-9, $"step {k} moved {written[k - 1][j]} -> {written[k][j]}");
            }
        }

        Assert.Equal([0.9, -0.9, 0.45], written[^1].Select(a => Math.Round(a, 6)));
        using var store = TransitionStore.Open(Path.Combine(root, "transitions.sqlite"), readOnly: true);
        var auto = store.Read().Where(r => r.Mode == "auto").ToList();
        Assert.NotEmpty(auto);
        Assert.Contains(auto, r => r.Interventions.Any(i => i.Unit == "MoveLimit"));
    }

    [Fact]
    public async Task Killing_the_server_sheds_reconnects_with_backoff_and_stays_shed_until_the_permissive_is_granted_again()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic);
        await using var run = await HostRun.StartAsync(plant.Endpoint, root, "Auto", [Package("p", [0.05f, 0f, 0f])]);
        await HostRun.WaitUntilAsync(() => run.Loop.Mode == ControllerMode.Auto && Value(plant, "Action.delta_velocity") > 0.04, Wait, "Auto writing");

        var restart = plant.RestartAsync(TimeSpan.FromSeconds(1.5), permissive: true);
        await HostRun.WaitUntilAsync(() => run.Loop.Shed == ShedReason.Disconnected, Wait, "shed on disconnect");
        await restart;
        await HostRun.WaitUntilAsync(() => run.Loop.Link.Connects >= 2, Wait, "reconnected");
        Assert.True(run.Loop.Link.ReconnectAttempts >= 1, "at least one failed attempt while the server was down");

        var mark = run.Loop.Audit.Entries.Count;
        await Task.Delay(1000);
        await HostRun.AssertStillShedAsync(run.Loop, ShedReason.AwaitingPermissive, mark);
        Assert.Equal(0.0, Value(plant, "Action.delta_velocity"));
        Assert.Equal(0.0, Value(plant, "Plc.heartbeat"));

        // The PLC withdraws and re-grants its permissive (and does so again should another shed follow, as a PLC would).
        var deadline = DateTime.UtcNow + Wait;
        while (!(Value(plant, "Action.delta_velocity") > 0.04 && Value(plant, "Plc.heartbeat") > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "not writing again after the permissive: " + string.Join("; ", run.Loop.Audit.Entries.Select(e => e.Why)));
            if (run.Loop.Shed == ShedReason.AwaitingPermissive)
            {
                plant.Server.SetPermissive(false);
                await Task.Delay(300);
                plant.Server.SetPermissive(true);
            }

            await Task.Delay(100);
        }

        var audit = run.Loop.Audit.Entries;
        Assert.Contains(audit, e => e.Kind == "shed" && e.Why == "Disconnected");
        Assert.Contains(audit, e => e.Kind == "resume" && e.Why.Contains("permissive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_policy_producing_NaN_sheds_and_stops_the_heartbeat()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic);
        // The deployment gate would refuse this package (its interval interpreter has no Sqrt): the test is about what
        // the running loop does when a policy misbehaves anyway, so the gate is off.
        await using var run = await HostRun.StartAsync(plant.Endpoint, root, "Shadow", [Package("nan", [0.1f, 0.1f, 0.1f], nanAbove: 60)],
            new Dictionary<string, string?> { ["Controller:Gate:Enabled"] = "false" });
        await HostRun.WaitUntilAsync(() => run.Loop.Shed == ShedReason.NonFiniteAction, Wait, "shed on NaN");
        var beat = Value(plant, "Plc.heartbeat");
        var mark = run.Loop.Audit.Entries.Count;
        await Task.Delay(500);
        Assert.Equal(beat, Value(plant, "Plc.heartbeat"));
        await HostRun.AssertStillShedAsync(run.Loop, ShedReason.NonFiniteAction, mark);
        Assert.Equal("control is shed (NonFiniteAction)", run.Loop.RequestMode(ControllerMode.Auto, "op", "try"));
        Assert.Equal(0.0, Value(plant, "Action.delta_velocity"));
    }

    [Fact]
    public async Task A_package_the_deployment_gate_refuses_at_start_never_drives_the_plant()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic);
        // delta_velocity 1.5 lies outside the package's own action limits [-1, 1]: interval bound propagation refutes it.
        await using var run = await HostRun.StartAsync(plant.Endpoint, root, "Auto", [Package("too-big", [1.5f, 0f, 0f])]);
        await HostRun.WaitUntilAsync(() => run.Loop.Writer.Acknowledged >= 20, Wait, "20 stored steps", run.Loop);

        Assert.Equal(ControllerMode.Shadow, run.Loop.Mode);
        Assert.Equal(ShedReason.NoPolicy, run.Loop.Shed);
        Assert.Null(run.Loop.Policies.Active);
        Assert.Equal(0.0, Value(plant, "Plc.heartbeat"));
        Assert.Equal(0.0, Value(plant, "Action.delta_velocity"));
        Assert.All(plant.StepActions, a => Assert.Equal([0.0, 0.0, 0.0], a));
        var audit = run.Loop.Audit.Entries;
        Assert.Contains(audit, e => e.Kind == "policy-refused" && e.Why.Contains("output-bounds", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Kind == "mode-refused" && e.To == "Auto");
    }

    [Fact]
    public async Task A_stale_input_sheds()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.OnWrite);
        await using var run = await HostRun.StartAsync(plant.Endpoint, root, "Shadow", [Package("p", [0f, 0f, 0f])],
            new Dictionary<string, string?> { ["Controller:StaleAfter"] = "00:00:01" });
        // Without actuator writes this plant does not step: give every observation a fresh (future) timestamp first.
        foreach (var tag in new[] { "setpoint", "velocity", "gain", "shift", "fatigue", "consumption" })
        {
            plant.Server.Server.AddressSpace.SetValue(NodeId.Parse($"ns=2;s=IB.Observation.{tag}"), new Variant(50.0), DateTime.UtcNow + TimeSpan.FromHours(1));
        }

        await HostRun.WaitUntilAsync(() => run.Loop.Cycles > 10 && run.Loop.Shed == ShedReason.None, Wait, "running");
        plant.Server.Server.AddressSpace.SetValue(NodeId.Parse("ns=2;s=IB.Observation.velocity"), new Variant(50.0), DateTime.UtcNow - TimeSpan.FromMinutes(1));
        await HostRun.WaitUntilAsync(() => run.Loop.Shed == ShedReason.StaleInput, Wait, "shed on a stale input");
        plant.Server.Server.AddressSpace.SetValue(NodeId.Parse("ns=2;s=IB.Observation.velocity"), new Variant(50.0), DateTime.UtcNow + TimeSpan.FromHours(1));
        await HostRun.WaitUntilAsync(() => run.Loop.Shed == ShedReason.None, Wait, "fresh again (Shadow resumes)");
    }

    [Fact]
    public async Task Hot_swapping_a_package_mid_run_loses_no_cycle()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic);
        long cycles;
        long unread;
        await using (var run = await HostRun.StartAsync(plant.Endpoint, root, "Shadow", [Package("a", [0.05f, 0f, 0f])]))
        {
            await HostRun.WaitUntilAsync(() => run.Loop.Cycles >= 20, Wait, "20 cycles");
            var loader = run.Host.Services.GetRequiredService<PolicyLoader>();
            run.Loop.Policies.Stage(loader.Load([Package("b", [0.08f, 0f, 0f], version: 2)], EnsembleRule.Champion), "e2e", "swap");
            await HostRun.WaitUntilAsync(() => run.Loop.Cycles >= 60, Wait, "60 cycles");
            await run.StopAsync();
            cycles = run.Loop.Cycles;
            unread = run.Loop.UnreadCycles;
        }

        using var store = TransitionStore.Open(Path.Combine(root, "transitions.sqlite"), readOnly: true);
        var rows = store.Read().OrderBy(r => r.Step).ToList();
        // Every cycle that read the plant logged exactly one row; the only others are the ones spent connecting at
        // the start (how many depends on the machine's load), so the run is one episode with contiguous steps.
        Assert.InRange(unread, 1, 20);
        Assert.Equal(cycles - unread, rows.Count);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Step));
        // Loading and warming up the new package runs beside the loop; on this 2-core machine it may delay a timer
        // tick past 1.5 periods (a DeadlineMiss shed for one cycle, still logged). Any other shed is a failure.
        var sheds = File.ReadAllLines(Path.Combine(root, "audit.jsonl")).Where(l => l.Contains("\"kind\":\"shed\"", StringComparison.Ordinal)).ToList();
        // A shed that changes cause while shed is audited as "still shed, now: <cause>".
        Assert.True(sheds.All(l => System.Text.RegularExpressions.Regex.IsMatch(l, "\"why\":\"(still shed, now: )?(Disconnected|DeadlineMiss)\"")), string.Join("; ", sheds));
        var firstB = rows.FindIndex(r => r.PolicyId == "b");
        Assert.True(firstB > 10);
        Assert.All(rows.Take(firstB), r => Assert.Equal("a", r.PolicyId));
        Assert.All(rows.Skip(firstB), r => Assert.Equal(("b", 2), (r.PolicyId, r.PolicyVersion)));
    }

    [Fact]
    public async Task Kill_9_of_the_host_loses_no_acknowledged_transition()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic);
        var cli = Path.Combine(RepositoryPaths.Root, "src", "Cli", "bin",
#if DEBUG
            "Debug",
#else
            "Release",
#endif
            "net10.0", "isrl.dll");
        Assert.True(File.Exists(cli), $"{cli} not built");
        var port = FreePort();
        var store = Path.Combine(root, "t.sqlite");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var a in new[]
        {
            cli, "controller", "run", "--endpoint", plant.Endpoint, "--package", Package("p", [0.1f, 0f, 0f]), "--mode", "shadow",
            "--store", store, "--audit", Path.Combine(root, "a.jsonl"), "--cycle-ms", "20", "--health-url", $"http://127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        long acknowledged = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (acknowledged < 100)
        {
            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"the controller did not store 100 steps: {errors}");
            await Task.Delay(50);
            try
            {
                var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative))).RootElement;
                acknowledged = status.GetProperty("transitionsAcknowledged").GetInt64();
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }

        process.Kill(entireProcessTree: true); // SIGKILL
        await process.WaitForExitAsync();

        using var reopened = TransitionStore.Open(store, readOnly: true);
        Assert.Equal("ok", reopened.CheckIntegrity());
        var rows = reopened.Read().OrderBy(r => r.Episode).ThenBy(r => r.Step).ToList();
        Assert.True(rows.Count >= acknowledged, $"{rows.Count} rows survived, {acknowledged} were acknowledged");
        // A read that times out on a loaded machine ends the episode (the chain of transitions breaks there) and the
        // next starts at step 0: no gap may open inside an episode, nor between episode numbers.
        var episodes = rows.GroupBy(r => r.Episode).ToList();
        Assert.Equal(Enumerable.Range(0, episodes.Count).Select(i => (long)i), episodes.Select(e => e.Key));
        Assert.All(episodes, e => Assert.Equal(Enumerable.Range(0, e.Count()).Select(i => (long)i), e.Select(r => r.Step)));
    }

    [Fact]
    public async Task The_runner_collects_a_requested_number_of_cycles_in_Auto()
    {
        await using var plant = await PlantFixture.StartAsync(PlantStepMode.Periodic);
        var result = await ControllerRunner.RunAsync(new ControllerRunRequest
        {
            Endpoint = plant.Endpoint,
            Packages = [TestPolicyPackages.WriteMlp(Path.Combine(root, "mlp"), TestPolicyPackages.Mlp.Random(5), "mlp")],
            Store = Path.Combine(root, "runner.sqlite"),
            Cycles = 40,
            CycleTime = TimeSpan.FromMilliseconds(50),
            RunId = "iteration-1",
        });
        Assert.Equal(40, result.Cycles);
        // One row per cycle that read the plant: not the first ones (connecting) nor any that missed its I/O timeout.
        Assert.InRange(result.Transitions, 20, 39);
        Assert.Equal(result.Status.TransitionsAcknowledged, result.Transitions);
        Assert.Contains(result.Audit, e => e.Kind == "mode" && e.To == "Auto");
        using var store = TransitionStore.Open(Path.Combine(root, "runner.sqlite"), readOnly: true);
        var rows = store.Read().ToList();
        Assert.Equal(result.Transitions, rows.Count);
        Assert.All(rows, r => Assert.Equal(("iteration-1", "mlp"), (r.RunId, r.PolicyId)));
        Assert.Contains(rows, r => r.Mode == "auto" && r.AppliedAction.Any(a => a != 0));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
