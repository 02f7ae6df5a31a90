using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Hosting;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Tests.Fakes;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IndustrialSafeRL.Controller.Host.Tests;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection(nameof(ConsoleCollection))]
public sealed class ControllerHostTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("isrl-host-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private Dictionary<string, string?> Config(string mode = "Shadow", string health = "") => new()
    {
        ["Controller:Endpoint"] = "opc.tcp://127.0.0.1:4840",
        ["Controller:Mode"] = mode,
        ["Controller:Packages:0"] = TestPolicyPackages.WriteConstant(Path.Combine(root, "p1"), [0.1f, 0.2f, -0.1f], "host-policy"),
        ["Controller:Store"] = Path.Combine(root, "t.sqlite"),
        ["Controller:AuditLog"] = Path.Combine(root, "audit.jsonl"),
        ["Controller:HealthUrl"] = health,
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    [Fact]
    public async Task Bad_configuration_stops_start_up_with_one_line_naming_each_option()
    {
        var config = Config();
        config["Controller:Mode"] = "Manual";
        config["Controller:Tags:Actuators:0:Name"] = "delta_velocity";
        config["Controller:Tags:Actuators:0:NodeId"] = "ns=2;s=A";
        config["Controller:Tags:Actuators:0:Min"] = "1";
        config["Controller:Tags:Actuators:0:Max"] = "-1";
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            var time = new FakeTimeProvider();
            code = await ControllerHost.RunAsync(new ControllerHostSettings
            {
                Overrides = config,
                Plant = (_, _) => new FakePlant(time),
                Shield = (_, _) => new FakeShield(),
                Time = time,
            });
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal(2, code);
        var text = error.ToString().TrimEnd();
        Assert.DoesNotContain('\n', text);
        Assert.StartsWith("isrl-controller: configuration: ", text, StringComparison.Ordinal);
        Assert.Contains("Controller:Mode: unknown mode 'Manual'", text, StringComparison.Ordinal);
        Assert.Contains("Controller:Tags:Actuators:0:Min: Min (1) > Max (-1) for 'delta_velocity'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_shield_section_stops_start_up_naming_the_field()
    {
        var config = Config();
        config["Shield:InterventionWindowCycles"] = "0";
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            var time = new FakeTimeProvider();
            code = await ControllerHost.RunAsync(new ControllerHostSettings { Overrides = config, Plant = (_, _) => new FakePlant(time), Time = time });
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal(2, code);
        Assert.Contains("Shield:InterventionWindowCycles: 0 must be at least 1", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_installed_service_refuses_to_run_without_the_PLC_handshake()
    {
        var config = Config();
        config["Controller:Handshake:Required"] = "false";
        var time = new FakeTimeProvider();
        using var host = ControllerHost.Build(new ControllerHostSettings
        {
            Overrides = config,
            Plant = (_, _) => new FakePlant(time),
            Shield = (_, _) => new FakeShield(),
            Time = time,
            AsService = true,
        });
        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Controller:Handshake:Required: the installed service always requires the PLC handshake", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_runs_cycles_on_the_injected_clock_serves_status_and_accepts_audited_mode_requests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        var plant = new FakePlant(time);
        var systemd = new FakeSystemdNotifier();
        using var host = ControllerHost.Build(new ControllerHostSettings
        {
            Overrides = Config(health: "http://127.0.0.1:0"),
            Plant = (_, _) => plant,
            
            Time = time,
            Cycles = 40,
            ConfigureServices = services => services.AddSingleton<ISystemdNotifier>(systemd),
        });
        await host.StartAsync();
        var loop = host.Services.GetRequiredService<ControlLoop>();
        var address = host.Services.GetRequiredService<StatusEndpoints>().Address!;
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        await AdvanceUntilAsync(time, () => loop.Cycles >= 10);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative))).RootElement;
        Assert.Equal("Shadow", status.GetProperty("mode").GetString());
        Assert.Equal("host-policy v1", status.GetProperty("policy").GetString());

        var bad = await http.PostAsJsonAsync(new Uri("/mode", UriKind.Relative), new { mode = "Turbo", who = "op", why = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var accepted = await http.PostAsJsonAsync(new Uri("/mode", UriKind.Relative), new { mode = "Auto", who = "op-7", why = "trial" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await AdvanceUntilAsync(time, () => plant.ActuatorWrites.Count() >= 3);

        var refused = await http.PostAsJsonAsync(new Uri("/limits", UriKind.Relative), new { min = new[] { -2.0, -1, -1 }, max = new[] { 1.0, 1, 1 }, who = "op-7", why = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("delta_velocity", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var limited = await http.PostAsJsonAsync(new Uri("/limits", UriKind.Relative), new { min = new[] { -0.05, -0.05, -0.05 }, max = new[] { 0.05, 0.05, 0.05 }, who = "op-7", why = "night shift" });
        Assert.Equal(HttpStatusCode.Accepted, limited.StatusCode);
        var writesBefore = plant.ActuatorWrites.Count();
        await AdvanceUntilAsync(time, () => plant.ActuatorWrites.Count() >= writesBefore + 3);
        Assert.All(plant.ActuatorWrites.Last().Actuators!, a => Assert.InRange(a, -0.05, 0.05));

        await AdvanceUntilAsync(time, () => host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
        Assert.Equal(40, loop.Cycles);
        var audit = await File.ReadAllTextAsync(Path.Combine(root, "audit.jsonl"));
        Assert.Contains("\"who\":\"op-7\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"limits\"", audit, StringComparison.Ordinal);
        using var store = TransitionStore.Open(Path.Combine(root, "t.sqlite"), readOnly: true);
        Assert.Equal(39, store.Count());
        Assert.Contains(store.Read(), r => r.Mode == "auto");
        // Pets the systemd watchdog while cycles complete, at most once a second of the (fake) clock: 4 s of cycles.
        Assert.InRange(systemd.States.Count(s => s == "WATCHDOG=1"), 3, 5);
    }

    [Fact]
    public async Task A_package_the_gate_refuses_at_start_leaves_the_host_shed_without_a_policy_and_not_in_Auto()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        var plant = new FakePlant(time);
        var log = new RecordingLogger<PackageGate>();
        var config = Config(mode: "Auto");
        // delta_velocity 1.5 lies outside the manifest's action limits [-1, 1]: interval bound propagation refutes it.
        config["Controller:Packages:0"] = TestPolicyPackages.WriteConstant(Path.Combine(root, "too-big"), [1.5f, 0f, 0f], "too-big");
        using var host = ControllerHost.Build(new ControllerHostSettings
        {
            Overrides = config,
            Plant = (_, _) => plant,
            Shield = (_, _) => new FakeShield(),
            Time = time,
            ConfigureServices = services => services.AddSingleton<ILogger<PackageGate>>(log),
        });
        await host.StartAsync();
        var loop = host.Services.GetRequiredService<ControlLoop>();

        await AdvanceUntilAsync(time, () => loop.Cycles >= 20);

        Assert.Equal(ControllerMode.Shadow, loop.Mode);
        Assert.Equal(ShedReason.NoPolicy, loop.Shed);
        Assert.Null(loop.Policies.Active);
        Assert.Empty(plant.ActuatorWrites);
        Assert.DoesNotContain(plant.Writes, w => w.Heartbeat is not null); // no heartbeat: the PLC's own controller stays in charge
        var line = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Equal("output-bounds", line["FailedChecks"]);
        Assert.Equal("(none)", line["Against"]);
        Assert.Equal("no policy is active: control stays shed to the PLC's own controller", line["Outcome"]);
        Assert.Contains(loop.Audit.Entries, e => e.Kind == "policy-refused" && e.Who == "configuration" && e.Why.Contains("counterexample", StringComparison.Ordinal));
        Assert.Contains(loop.Audit.Entries, e => e.Kind == "mode-refused" && e.To == "Auto" && e.Why.Contains("deployment gate", StringComparison.Ordinal));
        Assert.Equal("no valid policy package is active", loop.RequestMode(ControllerMode.Auto, "op-7", "try"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Hot_swaps_over_http_go_through_the_gate_a_tampered_package_is_refused_and_a_good_one_activated()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        var plant = new FakePlant(time);
        var log = new RecordingLogger<PackageGate>();
        using var host = ControllerHost.Build(new ControllerHostSettings
        {
            Overrides = Config(mode: "Auto", health: "http://127.0.0.1:0"),
            Plant = (_, _) => plant,
            Shield = (_, _) => new FakeShield(),
            Time = time,
            ConfigureServices = services => services.AddSingleton<ILogger<PackageGate>>(log),
        });
        await host.StartAsync();
        var loop = host.Services.GetRequiredService<ControlLoop>();
        using var http = new HttpClient { BaseAddress = new Uri(host.Services.GetRequiredService<StatusEndpoints>().Address!) };
        await AdvanceUntilAsync(time, () => loop.Mode == ControllerMode.Auto && loop.Writer.Acknowledged >= 10);
        var started = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Equal(1.0, started["ProvedFraction"]);

        static PolicyManifest Trust(PolicyManifest m) => m with { TrustRegion = new TrustRegionInfo("host-policy", 0, 0.05, 0.1) };
        var tampered = TestPolicyPackages.WriteConstant(Path.Combine(root, "tampered"), [0.12f, 0.2f, -0.1f], "next", 2, edit: Trust);
        var onnx = Path.Combine(tampered, "policy.onnx");
        var bytes = await File.ReadAllBytesAsync(onnx);
        bytes[^5] ^= 0x01;
        await File.WriteAllBytesAsync(onnx, bytes);
        var refused = await http.PostAsJsonAsync(new Uri("/policy/activate", UriKind.Relative), new { packages = new[] { tampered }, who = "op-7", why = "iteration 2" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("integrity: onnx.sha256", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.StartsWith("integrity", Assert.IsType<string>(log.Lines[^1]["FailedChecks"]), StringComparison.Ordinal);
        Assert.Equal("'host-policy v1' stays active", log.Lines[^1]["Outcome"]);

        var good = TestPolicyPackages.WriteConstant(Path.Combine(root, "good"), [0.12f, 0.2f, -0.1f], "next", 2, edit: Trust);
        var accepted = await http.PostAsJsonAsync(new Uri("/policy/activate", UriKind.Relative), new { packages = new[] { good }, who = "op-7", why = "iteration 2" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(LogLevel.Information, log.Lines[^1].Level);
        Assert.Equal(Path.Combine(root, "p1"), log.Lines[^1]["Against"]);
        Assert.InRange(Assert.IsType<double>(log.Lines[^1]["MaxDivergence"]), 0.0199, 0.0201);
        await AdvanceUntilAsync(time, () => PolicySlot.Name(loop.Policies.Active) == "next v2");
        Assert.Equal(ControllerMode.Auto, loop.Mode);
        Assert.Equal("host-policy v1", PolicySlot.Name(loop.Policies.Previous));
        await host.StopAsync();
    }

    [Fact]
    public async Task While_a_long_start_up_gate_runs_the_watchdog_is_petted_and_stopping_cancels_the_gate()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        var systemd = new FakeSystemdNotifier();
        var config = Config();
        // Exactly zero, but interval bounds cannot see it: with a huge split budget the gate keeps splitting.
        config["Controller:Packages:0"] = TestPolicyPackages.WriteCancelling(Path.Combine(root, "slow"), 0.05f, "slow",
            m => m with { Action = m.Action with { Low = [-0.01, -0.01, -0.01], High = [0.01, 0.01, 0.01] } });
        config["Controller:Gate:Frames"] = "Same";
        config["Controller:Gate:MaxBoxes"] = "100000000";
        config["Controller:Gate:MaxDepth"] = "1000";
        using var host = ControllerHost.Build(new ControllerHostSettings
        {
            Overrides = config,
            Plant = (_, _) => new FakePlant(time),
            Shield = (_, _) => new FakeShield(),
            Time = time,
            ConfigureServices = services => services.AddSingleton<ISystemdNotifier>(systemd),
        });
        await host.StartAsync();
        var loop = host.Services.GetRequiredService<ControlLoop>();

        for (var i = 0; i < 600 && !systemd.States.Contains("WATCHDOG=1"); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains("WATCHDOG=1", systemd.States);
        Assert.Equal(0, loop.Cycles); // still gating: no cycle has run, the fake clock never moved
        var stop = Stopwatch.StartNew();
        await host.StopAsync();
        Assert.True(stop.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stop.Elapsed}");
        Assert.Null(loop.Policies.Active);
    }

    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> done)
    {
        for (var i = 0; i < 2000 && !done(); i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }

        Assert.True(done(), "condition not reached");
    }
}
