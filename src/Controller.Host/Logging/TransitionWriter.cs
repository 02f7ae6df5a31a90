using System.Collections.Concurrent;
using System.Threading.Channels;
using IndustrialSafeRL.Contracts.Transitions;
using Microsoft.Extensions.Logging;

namespace IndustrialSafeRL.Controller.Host.Logging;

/// <summary>
/// Carries control steps to the transition store without making the cycle wait on the disk: the loop enqueues a pooled
/// <see cref="CycleRow"/> into a bounded channel; a background task drains whatever is queued and appends it in one
/// transaction (durable on return, <c>synchronous=FULL</c>). A row is <em>acknowledged</em> once appended: a crash,
/// even <c>kill -9</c>, loses no acknowledged row. The loop watches <see cref="Lag"/> and sheds if rows stop being
/// acknowledged within the next cycle or two, so at most the rows of the last cycles are ever in flight.
/// </summary>
public sealed partial class TransitionWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly TransitionStore store;
    private readonly string runId;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Channel<CycleRow> channel;
    private readonly ConcurrentQueue<CycleRow> pool = new();
    private readonly int observations;
    private readonly int actions;
    private readonly int rewardComponents;
    private readonly Task pump;
    private long enqueued;
    private long acknowledged;
    private long failures;

    /// <summary>Starts the writer on <paramref name="store"/>; rows are tagged with <paramref name="runId"/>.</summary>
    public TransitionWriter(TransitionStore store, string runId, int capacity, TimeProvider time, ILogger<TransitionWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store;
        this.runId = runId;
        this.logger = logger;
        this.time = time;
        observations = store.Layout.ObservationTags.Count;
        actions = store.Layout.ActionTags.Count;
        rewardComponents = store.Layout.RewardComponents.Count;
        channel = Channel.CreateBounded<CycleRow>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        for (var i = 0; i < Math.Min(capacity, 64); i++)
        {
            pool.Enqueue(NewRow());
        }

        pump = Task.Run(PumpAsync);
    }

    /// <summary>The store rows are appended to.</summary>
    public TransitionStore Store => store;

    /// <summary>Rows handed to the writer.</summary>
    public long Enqueued => Volatile.Read(ref enqueued);

    /// <summary>Rows appended durably.</summary>
    public long Acknowledged => Volatile.Read(ref acknowledged);

    /// <summary>Rows enqueued but not yet acknowledged.</summary>
    public long Lag => Enqueued - Acknowledged;

    /// <summary>Failed append attempts so far (each is retried).</summary>
    public long Failures => Volatile.Read(ref failures);

    /// <summary>A cleared row to fill (from the pool; allocates only while the pool warms up).</summary>
    public CycleRow Rent()
    {
        var row = pool.TryDequeue(out var r) ? r : NewRow();
        row.Interventions.Clear();
        row.HasNext = false;
        row.Flags = TransitionFlags.None;
        return row;
    }

    /// <summary>Queues a filled row; false when the queue is full (the caller sheds and returns the row).</summary>
    public bool TryEnqueue(CycleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!channel.Writer.TryWrite(row))
        {
            return false;
        }

        Interlocked.Increment(ref enqueued);
        return true;
    }

    /// <summary>Returns an unused row to the pool.</summary>
    public void Return(CycleRow row) => pool.Enqueue(row);

    /// <summary>Waits until every row enqueued so far is acknowledged, or <paramref name="timeout"/> passes. True when drained.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Enqueued;
        // Wall-clock deadline: this is a shutdown wait, not control timing.
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Acknowledged < target)
        {
            if (Environment.TickCount64 > deadline || pump.IsCompleted)
            {
                return Acknowledged >= target;
            }

            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Stops accepting rows, appends everything queued, and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await pump.ConfigureAwait(false);
    }

    private CycleRow NewRow() => new(observations, actions, rewardComponents);

    private async Task PumpAsync()
    {
        var rows = new List<CycleRow>(MaxBatch);
        var records = new List<TransitionRecord>(MaxBatch);
        var reader = channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (rows.Count < MaxBatch && reader.TryRead(out var row))
            {
                rows.Add(row);
            }

            records.Clear();
            foreach (var row in rows)
            {
                records.Add(row.ToRecord(runId));
            }

            // Keep the batch until it is stored: the disk may come back; meanwhile the loop sees the lag and sheds.
            while (true)
            {
                try
                {
                    store.Append(records);
                    break;
                }
                catch (TransitionStoreException e)
                {
                    Interlocked.Increment(ref failures);
                    LogAppendFailed(logger, records.Count, e.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time).ConfigureAwait(false);
                }
            }

            Interlocked.Add(ref acknowledged, rows.Count);
            foreach (var row in rows)
            {
                pool.Enqueue(row);
            }

            rows.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Appending {Rows} transitions failed, retrying: {Reason}")]
    private static partial void LogAppendFailed(ILogger logger, int rows, string reason);
}
