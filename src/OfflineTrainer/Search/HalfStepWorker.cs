namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>The long-lived thread that rolls out the second half of each parallel policy-search step
/// (<see cref="PolicySearch.ParallelHalves"/>). One thread for the whole search rather than a new one per step, so no
/// step pays for creating a thread and setting up its native per-thread state (measured 1–11 % per step, within the
/// machine's drift; docs/trainer.md "Performance").</summary>
internal sealed class HalfStepWorker : IDisposable
{
    private readonly Thread _thread;
    private readonly SemaphoreSlim _start = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private Action? _work;
    private volatile bool _stopping;

    public HalfStepWorker()
    {
        // The same 16 MB stack the per-step thread had: the half runs the whole rollout and its backward pass.
        _thread = new Thread(Loop, 16 * 1024 * 1024) { IsBackground = true, Name = "policy-search half" };
        _thread.Start();
    }

    /// <summary>Starts <paramref name="work"/> on the worker; <see cref="Wait"/> returns when it has finished. The
    /// work must not throw (the caller records its failure itself).</summary>
    public void Start(Action work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = work;
        _done.Reset();
        _start.Release();
    }

    /// <summary>Blocks until the work given to <see cref="Start"/> has finished.</summary>
    public void Wait() => _done.Wait();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _start.Release();
        _thread.Join();
        _start.Dispose();
        _done.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            if (_stopping)
            {
                return;
            }

            _work!();
            _work = null;
            _done.Set();
        }
    }
}
