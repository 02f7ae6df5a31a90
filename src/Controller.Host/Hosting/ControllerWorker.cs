using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndustrialSafeRL.Controller.Host.Hosting;

/// <summary>
/// Runs the control loop on a <see cref="PeriodicTimer"/> of the injected <see cref="TimeProvider"/>. A fault inside a
/// cycle sheds (the loop's job); an unexpected exception is logged and counted and the loop goes on, so only a truly
/// fatal error stops the process (and systemd or the service manager restarts it). While cycles complete, the worker
/// pets the systemd watchdog (<c>WATCHDOG=1</c>) at most once a second. On stop it waits for the store to acknowledge
/// every transition. Before the first cycle it passes the configured packages through the deployment gate
/// (<see cref="PackageGate"/>) and stages them only if they pass; if they do not, the loop runs without a policy (shed,
/// the PLC's own controller in charge) and a configured Auto is not entered. The watchdog is petted once a second
/// while that gate runs.
/// </summary>
public sealed partial class ControllerWorker(
    ControlLoop loop,
    PackageGate gate,
    IOptions<ControllerOptions> options,
    CycleBudget budget,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ControllerWorker> logger,
    ISystemdNotifier? systemd = null) : BackgroundService
{
    private long unexpected;

    /// <summary>Unexpected exceptions caught around cycles.</summary>
    public long UnexpectedErrors => Interlocked.Read(ref unexpected);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cycle = options.Value.CycleTime;
        LogStarting(logger, options.Value.Endpoint, cycle, loop.Mode, options.Value.Handshake.Required);
        if (!options.Value.Handshake.Required)
        {
            LogNoHandshake(logger);
        }

        try
        {
            var activation = gate.ActivateAsync(options.Value.Packages, Enum.Parse<EnsembleRule>(options.Value.Ensemble, ignoreCase: true),
                "configuration", "packages named in Controller:Packages at start", stoppingToken);
            while (systemd is { IsEnabled: true } && !stoppingToken.IsCancellationRequested
                && await Task.WhenAny(activation, Task.Delay(TimeSpan.FromSeconds(1), stoppingToken)).ConfigureAwait(false) != activation)
            {
                // The gate may outlast systemd's WatchdogSec (seconds of interval bound propagation): the service is
                // working, not hung, so keep petting (in real time, as systemd measures it) until the first cycle.
                systemd.Notify(new ServiceState("WATCHDOG=1"));
            }

            var startup = await activation.ConfigureAwait(false);
            if (!startup.Activated)
            {
                loop.ForgoAutoAtStart("the deployment gate refused the configured packages");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        using var timer = new PeriodicTimer(cycle, time);
        var lastPet = long.MinValue;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await loop.RunCycleAsync(stoppingToken).ConfigureAwait(false);
                    var now = time.GetTimestamp();
                    if (systemd is { IsEnabled: true } && (lastPet == long.MinValue || now - lastPet >= time.TimestampFrequency))
                    {
                        systemd.Notify(new ServiceState("WATCHDOG=1"));
                        lastPet = now;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref unexpected);
                    LogUnexpected(logger, e);
                }

                if (budget.Cycles is { } limit && loop.Cycles >= limit)
                {
                    LogBudgetDone(logger, limit);
                    lifetime.StopApplication();
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal stop.
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await loop.FlushAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        LogStopped(logger, loop.Cycles, loop.Writer.Acknowledged);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller starting: endpoint {Endpoint}, cycle {Cycle}, mode {Mode}, PLC handshake {Handshake}")]
    private static partial void LogStarting(ILogger logger, string endpoint, TimeSpan cycle, ControllerMode mode, bool handshake);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running WITHOUT the PLC handshake (no permissive, life bit or heartbeat): for trials against a simulator only")]
    private static partial void LogNoHandshake(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in a control cycle; the loop goes on")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ran the requested {Cycles} cycles; stopping")]
    private static partial void LogBudgetDone(ILogger logger, long cycles);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller stopped after {Cycles} cycles, {Rows} transitions stored")]
    private static partial void LogStopped(ILogger logger, long cycles, long rows);
}
