using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IndustrialSafeRL.EndToEnd.Tests.Controller;

/// <summary>The controller host in-process, with the real OPC UA client and the real shield, on a 100 ms cycle (tolerant of this shared 2-core machine's timer jitter).</summary>
internal sealed class HostRun : IAsyncDisposable
{
    private HostRun(IHost host, string directory)
    {
        Host = host;
        Directory = directory;
        Loop = host.Services.GetRequiredService<ControlLoop>();
    }

    public IHost Host { get; }

    public string Directory { get; }

    public ControlLoop Loop { get; }

    public string Store => Path.Combine(Directory, "transitions.sqlite");

    public static async Task<HostRun> StartAsync(string endpoint, string directory, string mode, IReadOnlyList<string> packages,
        IDictionary<string, string?>? extra = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Controller:Endpoint"] = endpoint,
            ["Controller:Mode"] = mode,
            ["Controller:CycleTime"] = "00:00:00.100",
            ["Controller:Store"] = Path.Combine(directory, "transitions.sqlite"),
            ["Controller:AuditLog"] = Path.Combine(directory, "audit.jsonl"),
            ["Controller:HealthUrl"] = "",
            ["Controller:Resilience:IoTimeout"] = "00:00:00.050",
            ["Controller:Resilience:ReconnectDelay"] = "00:00:00.200",
            ["Controller:Resilience:ReconnectMaxDelay"] = "00:00:01",
            ["Controller:Resilience:ConnectTimeout"] = "00:00:02",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        for (var i = 0; i < packages.Count; i++)
        {
            config[$"Controller:Packages:{i}"] = packages[i];
        }

        string[] tags = ["delta_velocity", "delta_gain", "delta_shift"];
        for (var i = 0; i < 3; i++)
        {
            config[$"Shield:Actuators:{i}:Tag"] = tags[i];
            config[$"Shield:Actuators:{i}:Min"] = "-1";
            config[$"Shield:Actuators:{i}:Max"] = "1";
            config[$"Shield:Actuators:{i}:MaxMovePerCycle"] = "0.1";
            config[$"Shield:Actuators:{i}:IsIncrement"] = "true";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var host = ControllerHost.Build(new ControllerHostSettings { Overrides = config });
        await host.StartAsync();
        return new HostRun(host, directory);
    }

    public async Task StopAsync() => await Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        if (Host is IAsyncDisposable d)
        {
            await d.DisposeAsync();
        }
    }

    /// <summary>Asserts the loop has not resumed since audit entry <paramref name="mark"/> and is shed for
    /// <paramref name="reason"/>. On this loaded machine one read may miss its timeout and report itself as the cause
    /// for a cycle ("still shed, now: IoTimeout"), after which the persisting cause is reported again, so the reason
    /// is waited for; a resume in between fails.</summary>
    public static async Task AssertStillShedAsync(ControlLoop loop, ShedReason reason, int mark)
    {
        await WaitUntilAsync(() => loop.Shed == reason, TimeSpan.FromSeconds(5), $"still shed for {reason}", loop);
        var resumed = loop.Audit.Entries.Skip(mark).Where(e => e.Kind == "resume").ToList();
        Assert.True(resumed.Count == 0, "resumed while the cause persisted: " + string.Join("; ", resumed.Select(e => e.Why)));
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, ControlLoop? loop = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                var audit = loop is null ? string.Empty : string.Join("; ", loop.Audit.Entries.Select(e => $"{e.Kind} {e.From}->{e.To} {e.Why}"));
                Assert.Fail($"timed out waiting for: {what}. {audit}");
            }

            await Task.Delay(20);
        }
    }
}
