using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Control;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IndustrialSafeRL.Controller.Host.Hosting;

/// <summary>What an in-process controller run did.</summary>
/// <param name="Cycles">Cycles run.</param>
/// <param name="Transitions">Rows stored by this run.</param>
/// <param name="Status">The controller's status at the end.</param>
/// <param name="Audit">Every audited event of the run.</param>
public sealed record ControllerRunResult(long Cycles, long Transitions, ControllerStatus Status, IReadOnlyList<AuditEntry> Audit);

/// <summary>The knobs of an in-process run (the rest comes from <see cref="ControllerRunRequest.Overrides"/> or defaults).</summary>
public sealed record ControllerRunRequest
{
    /// <summary>OPC UA endpoint of the plant or simulator.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Policy package directories (first = champion).</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>Transition store the run appends to.</summary>
    public required string Store { get; init; }

    /// <summary>Cycles to run.</summary>
    public required long Cycles { get; init; }

    /// <summary>Mode. Default Auto.</summary>
    public ControllerMode Mode { get; init; } = ControllerMode.Auto;

    /// <summary>Run id of the stored transitions. Default: <c>host-&lt;UTC start&gt;</c>.</summary>
    public string? RunId { get; init; }

    /// <summary>Cycle time. Default 100 ms.</summary>
    public TimeSpan CycleTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Use the PLC handshake (permissive, life bit, heartbeat). Default true.</summary>
    public bool PlcHandshake { get; init; } = true;

    /// <summary>Audit trail file. Default <c>audit.jsonl</c> beside the store.</summary>
    public string? AuditLog { get; init; }

    /// <summary>Any other configuration key (e.g. <c>Shield:Actuators:0:MaxMovePerCycle</c>).</summary>
    public IDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();
}

/// <summary>
/// Runs the controller host in-process for a number of cycles, as <c>isrl demo</c> does to collect an iteration's
/// data: the same composition as the service (<see cref="ControllerHost"/>), without the HTTP surface.
/// </summary>
public static class ControllerRunner
{
    /// <summary>Runs <see cref="ControllerRunRequest.Cycles"/> cycles and returns what happened. Bad configuration throws.</summary>
    public static async Task<ControllerRunResult> RunAsync(ControllerRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var config = new Dictionary<string, string?>
        {
            ["Controller:Endpoint"] = request.Endpoint,
            ["Controller:Mode"] = request.Mode.ToString(),
            ["Controller:Store"] = request.Store,
            ["Controller:AuditLog"] = request.AuditLog ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.Store)) ?? ".", "audit.jsonl"),
            ["Controller:CycleTime"] = request.CycleTime.ToString("c", inv),
            ["Controller:Resilience:IoTimeout"] = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, request.CycleTime.Ticks * 2 / 5)).ToString("c", inv),
            ["Controller:HealthUrl"] = string.Empty,
            ["Controller:Handshake:Required"] = request.PlcHandshake ? "true" : "false",
            ["Controller:RunId"] = request.RunId ?? string.Empty,
        };
        for (var i = 0; i < request.Packages.Count; i++)
        {
            config[$"Controller:Packages:{i}"] = Path.GetFullPath(request.Packages[i]);
        }

        foreach (var (key, value) in request.Overrides)
        {
            config[key] = value;
        }

        var host = ControllerHost.Build(new ControllerHostSettings { Overrides = config, Cycles = request.Cycles });
        try
        {
            var store = host.Services.GetRequiredService<TransitionStore>();
            var before = store.Count();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            var loop = host.Services.GetRequiredService<ControlLoop>();
            return new ControllerRunResult(loop.Cycles, store.Count() - before, loop.Status, loop.Audit.Entries);
        }
        finally
        {
            if (host is IAsyncDisposable d)
            {
                await d.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                host.Dispose();
            }
        }
    }
}
