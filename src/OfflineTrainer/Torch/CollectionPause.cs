using System.Runtime;

namespace IndustrialSafeRL.OfflineTrainer.Torch;

/// <summary>Holds off garbage collection while tensor work runs.
/// <para>Why: TorchSharp 0.107 turns every .NET number it is given into a <c>TorchSharp.Scalar</c> (an implicit
/// conversion; every <c>a + b</c> also passes alpha = 1 that way) and hands libtorch only its native handle. Nothing
/// keeps the managed Scalar alive during the native call and no dispose scope tracks it, so a garbage collection
/// triggered meanwhile by another thread can finalize it, and libtorch then reads freed memory: a training run dies
/// with "Expected false to be true … Scalar::toFloat", or worse. Two threads doing tensor work (the policy search's
/// parallel halves), or one beside any other allocating thread (a progress display, a server in the same process),
/// make that collection likely; a stress test reproduced it within milliseconds. No collection, no finalizer.</para>
/// <para>How: the first <see cref="Hold"/> opens a no-GC region of <see cref="Budget"/> bytes (a blocking
/// collection first, while no tensor call is in flight: the holder is about to start its work); nested and
/// concurrent holds share it; the last release closes it. A long holder calls <see cref="Renew"/> between its
/// steps: when half the budget is allocated (or the region was lost to an allocation past the budget) and it is
/// the sole holder, the region is closed and reopened there, at a point where no tensor call is in flight.</para></summary>
public static class CollectionPause
{
    /// <summary>Managed bytes the process may allocate inside one region (a policy-search step allocates ≈ 0.6 MB).</summary>
    public const long Budget = 128L * 1024 * 1024;

    private static readonly Lock Gate = new();
    private static int _holders;
    private static long _allocatedAtStart;
    private static long _opened;
    private static bool _owned; // the open region is ours (not someone else's, not refused)

    /// <summary>True while some holder holds the pause.</summary>
    public static bool Held
    {
        get
        {
            lock (Gate)
            {
                return _holders > 0;
            }
        }
    }

    /// <summary>No-GC regions opened so far (first holds and renewals), for diagnostics and tests.</summary>
    public static long RegionsOpened => Interlocked.Read(ref _opened);

    /// <summary>True when the runtime is inside the no-GC region (false after an allocation past the budget ended it
    /// early, until the next <see cref="Renew"/>).</summary>
    public static bool Active => GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;

    /// <summary>Holds the pause until the returned handle is disposed.</summary>
    public static IDisposable Hold()
    {
        lock (Gate)
        {
            if (_holders == 0)
            {
                Open();
            }

            _holders++;
        }

        return new Release();
    }

    /// <summary>Between steps of a long holder: reopens its region when half the budget is used or it was lost, if
    /// the caller is the only holder (with another holder's tensor call possibly in flight nothing is done).</summary>
    public static void Renew()
    {
        lock (Gate)
        {
            // Called only by the thread that holds the pause, between its steps (nothing else may be in a tensor call).
            // A region that was refused or is someone else's is not retried: each attempt costs a blocking collection.
            if (_holders != 1 || !_owned || (Active && GC.GetTotalAllocatedBytes() - _allocatedAtStart < Budget / 2))
            {
                return;
            }

            Close();
            Open();
        }
    }

    private static void Open()
    {
        try
        {
            // False when the budget cannot be had: the work then runs as it would without the pause.
            _owned = GC.TryStartNoGCRegion(Budget);
        }
        catch (InvalidOperationException)
        {
            // Someone else's no-GC region is open: it holds collections off just as well, and is theirs to end.
            _owned = false;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The budget exceeds what this heap allows (e.g. a small GCHeapHardLimit): run unprotected.
            _owned = false;
        }

        _allocatedAtStart = GC.GetTotalAllocatedBytes();
        if (_owned)
        {
            Interlocked.Increment(ref _opened);
        }
    }

    private static void Close()
    {
        if (_owned && Active)
        {
            GC.EndNoGCRegion();
        }

        _owned = false;
    }

    private sealed class Release : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
            {
                return;
            }

            lock (Gate)
            {
                if (--_holders == 0)
                {
                    Close();
                }
            }
        }
    }
}
