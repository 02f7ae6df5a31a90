using IndustrialSafeRL.Controller.Host.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IndustrialSafeRL.Controller.Host.Plant;

/// <summary>
/// The plant connection behind the two resilience pipelines the control loop needs: per-cycle reads and writes run
/// through a timeout shorter than the cycle inside a circuit breaker and are never retried; (re)connecting runs in the
/// background through a retry with exponential backoff and jitter until it succeeds. Calls report an
/// <see cref="IoOutcome"/> instead of throwing, so the loop decides to shed without exception handling of its own.
/// </summary>
public sealed partial class PlantLink : IAsyncDisposable
{
    private readonly IPlantConnection connection;
    private readonly ResiliencePipeline io;
    private readonly ResiliencePipeline connect;
    private readonly CircuitBreakerManualControl breakerControl = new();
    private readonly CircuitBreakerStateProvider breakerState = new();
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();
    private Task? reconnecting;
    private long reconnectAttempts;
    private long reconnects;
    private int disposed;

    /// <summary>Wraps <paramref name="connection"/> with pipelines built from <paramref name="options"/>.</summary>
    public PlantLink(IPlantConnection connection, ResilienceOptions options, TimeSpan cycleTime, TimeProvider time, ILogger<PlantLink> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        this.connection = connection;
        this.logger = logger;
        this.time = time;
        var sampling = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(500).Ticks, cycleTime.Ticks * options.BreakerFailures));
        io = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Every call in the window failed and there were at least BreakerFailures of them: failures in a row.
                FailureRatio = 1.0,
                MinimumThroughput = options.BreakerFailures,
                SamplingDuration = sampling,
                BreakDuration = options.BreakerBreak,
                ManualControl = breakerControl,
                StateProvider = breakerState,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || e is TimeoutRejectedException),
            })
            .AddTimeout(options.IoTimeout)
            .Build();
        connect = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReconnectDelay,
                MaxDelay = options.ReconnectMaxDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || e is TimeoutRejectedException),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref reconnectAttempts);
                    LogConnectFailed(logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? "unknown");
                    return default;
                },
            })
            .AddTimeout(options.ConnectTimeout)
            .Build();
    }

    /// <summary>True while the link is up.</summary>
    public bool IsConnected => connection.IsConnected;

    /// <summary>True while a reconnect is under way.</summary>
    public bool IsReconnecting => reconnecting is { IsCompleted: false };

    /// <summary>The breaker's state (Closed, Open, HalfOpen, Isolated).</summary>
    public CircuitState BreakerState => breakerState.CircuitState;

    /// <summary>Failed connect attempts so far.</summary>
    public long ReconnectAttempts => Interlocked.Read(ref reconnectAttempts);

    /// <summary>Successful connects so far.</summary>
    public long Connects => Interlocked.Read(ref reconnects);

    /// <summary>Starts connecting in the background (retry with backoff) unless connected or already at it.</summary>
    public void EnsureConnecting()
    {
        if (connection.IsConnected || IsReconnecting || stopping.IsCancellationRequested)
        {
            return;
        }

        reconnecting = Task.Run(ConnectLoopAsync);
    }

    /// <summary>Waits for a background connect to finish (tests, start-up).</summary>
    public Task WaitConnectingAsync() => reconnecting ?? Task.CompletedTask;

    /// <summary>One read within the I/O timeout and breaker.</summary>
    public async ValueTask<IoOutcome> ReadAsync(PlantSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (!connection.IsConnected)
        {
            return IoOutcome.Disconnected;
        }

        try
        {
            await io.ExecuteAsync(static (s, ct) => s.connection.ReadAsync(s.snapshot, ct), (connection, snapshot), cancellationToken).ConfigureAwait(false);
            return IoOutcome.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException || e is TimeoutRejectedException)
        {
            return Classify(e);
        }
    }

    /// <summary>One write within the I/O timeout and breaker.</summary>
    public async ValueTask<IoOutcome> WriteAsync(PlantOutputs outputs, CancellationToken cancellationToken)
    {
        if (!connection.IsConnected)
        {
            return IoOutcome.Disconnected;
        }

        try
        {
            await io.ExecuteAsync(static (s, ct) => s.connection.WriteAsync(s.outputs, ct), (connection, outputs), cancellationToken).ConfigureAwait(false);
            return IoOutcome.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException || e is TimeoutRejectedException)
        {
            return Classify(e);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (reconnecting is { } task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping while reconnecting is the normal way out.
            }
        }

        stopping.Dispose();
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private IoOutcome Classify(Exception e)
    {
        switch (e)
        {
            case TimeoutRejectedException:
                return IoOutcome.Timeout;
            case BrokenCircuitException:
                return IoOutcome.BreakerOpen;
            case PlantConnectionException:
                LogLinkLost(logger, e.Message);
                EnsureConnecting();
                return IoOutcome.Disconnected;
            default:
                LogIoFailed(logger, e.GetType().Name, e.Message);
                return connection.IsConnected ? IoOutcome.Failed : IoOutcome.Disconnected;
        }
    }

    private async Task ConnectLoopAsync()
    {
        await connect.ExecuteAsync(static (link, ct) => link.connection.ConnectAsync(ct), this, stopping.Token).ConfigureAwait(false);
        Interlocked.Increment(ref reconnects);
        // A fresh link starts with a closed breaker: failures of the old link say nothing about the new one.
        await breakerControl.CloseAsync(stopping.Token).ConfigureAwait(false);
        LogConnected(logger, time.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connect attempt {Attempt} failed, next in {Delay}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plant link up at {Time:o}")]
    private static partial void LogConnected(ILogger logger, DateTimeOffset time);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plant link lost: {Reason}")]
    private static partial void LogLinkLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plant I/O failed ({Type}): {Reason}")]
    private static partial void LogIoFailed(ILogger logger, string type, string reason);
}
