using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Logging;
using IndustrialSafeRL.Controller.Host.Plant;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Controller.Host.Telemetry;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IndustrialSafeRL.Controller.Host.Tests.Fakes;

/// <summary>A control loop wired to a fake plant and shield, a real policy package, a real store and audit file.</summary>
internal sealed class LoopHarness : IAsyncDisposable
{
    private readonly TestMeterFactory meters = new();

    public LoopHarness(string mode = "Shadow", bool handshake = true, float[]? action = null, float nanAbove = float.MaxValue,
        Action<ControllerOptions>? configure = null, Func<ControllerOptions, FakeTimeProvider, IShieldGate>? gate = null,
        bool systemClockForIo = false)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("isrl-loop-").FullName;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        Plant = new FakePlant(Time);
        Shield = new FakeShield();
        Options = new ControllerOptions
        {
            Endpoint = "opc.tcp://127.0.0.1:4840",
            Mode = mode,
            Store = Path.Combine(Directory, "transitions.sqlite"),
            AuditLog = Path.Combine(Directory, "audit.jsonl"),
            Packages = [PackageDir("p1", action ?? [0.1f, -0.2f, 0.3f], "policy-a", nanAbove)],
        };
        Options.Handshake.Required = handshake;
        IndustrialBenchmarkTags.ApplyDefaults(Options);
        configure?.Invoke(Options);
        var errors = ControllerOptionsValidator.Check(Options);
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        Loader = new PolicyLoader(ControllerOptionsValidator.TagMapping(Options.Tags), new PolicySessionOptions { WarmUpRuns = 1 }, ControlLoop.HistoryCapacity);
        Slot = new PolicySlot();
        Slot.Stage(Loader.Load(Options.Packages, EnsembleRule.Champion), "test", "initial package");
        Store = TransitionStore.OpenOrCreate(Options.Store, StoreLayout.IndustrialBenchmark);
        Writer = new TransitionWriter(Store, "run-test", 1024, Time, NullLogger<TransitionWriter>.Instance);
        Audit = new AuditTrail(Options.AuditLog, Time, NullLogger<AuditTrail>.Instance);
        Metrics = new ControllerMetrics(meters);
        // Polly's timeout pools its cancellation sources only on the system clock; with a fake clock each call allocates.
        Link = new PlantLink(Plant, Options.Resilience, Options.CycleTime, systemClockForIo ? TimeProvider.System : Time, NullLogger<PlantLink>.Instance);
        Loop = new ControlLoop(Options, Link, gate?.Invoke(Options, Time) ?? Shield, Slot, Writer, Audit, Metrics, Time, NullLogger<ControlLoop>.Instance);
    }

    public string Directory { get; }
    public FakeTimeProvider Time { get; }
    public FakePlant Plant { get; }
    public FakeShield Shield { get; }
    public ControllerOptions Options { get; }
    public PolicyLoader Loader { get; }
    public PolicySlot Slot { get; }
    public TransitionStore Store { get; }
    public TransitionWriter Writer { get; }
    public AuditTrail Audit { get; }
    public ControllerMetrics Metrics { get; }
    public PlantLink Link { get; }
    public ControlLoop Loop { get; }

    public string PackageDir(string name, float[] action, string id, float nanAbove = float.MaxValue, int version = 1) =>
        TestPolicyPackages.WriteConstant(Path.Combine(Directory, name), action, id, version, nanAbove);

    /// <summary>Runs the first cycle (which starts connecting) and waits for the link.</summary>
    public async Task ConnectAsync()
    {
        await Loop.RunCycleAsync(CancellationToken.None);
        await Link.WaitConnectingAsync();
        Assert.True(Link.IsConnected);
    }

    /// <summary>
    /// Advances the clock one cycle and runs a cycle, <paramref name="n"/> times. Between cycles the store writer gets
    /// the idle time a real cycle period leaves it (the fake clock does not give it any).
    /// </summary>
    public async Task CyclesAsync(int n)
    {
        for (var i = 0; i < n; i++)
        {
            Assert.True(await Writer.FlushAsync(TimeSpan.FromSeconds(10)));
            Time.Advance(Options.CycleTime);
            await Loop.RunCycleAsync(CancellationToken.None);
        }
    }

    public async Task<List<TransitionRecord>> StoredAsync()
    {
        await Loop.FlushAsync(TimeSpan.FromSeconds(10));
        return [.. Store.Read()];
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await Link.DisposeAsync();
        Slot.Dispose();
        Store.Dispose();
        Audit.Dispose();
        meters.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
