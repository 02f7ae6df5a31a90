using IndustrialSafeRL.OfflineTrainer.Search;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>The policy search's second-half thread: one thread for every step, each step's work finished when
/// <see cref="HalfStepWorker.Wait"/> returns, the thread gone after disposal.</summary>
public sealed class HalfStepWorkerTests
{
    [Fact]
    public void Every_step_runs_on_the_same_other_thread_and_is_finished_when_wait_returns()
    {
        var worker = new HalfStepWorker();
        var threads = new HashSet<int>();
        Thread? seen = null;
        for (var step = 0; step < 20; step++)
        {
            var done = false;
            worker.Start(() =>
            {
                Thread.Sleep(step % 3); // some steps outlast the caller's own half
                threads.Add(Environment.CurrentManagedThreadId);
                seen = Thread.CurrentThread;
                done = true;
            });
            worker.Wait();
            Assert.True(done, $"step {step}: Wait returned before the work finished");
        }

        Assert.Single(threads);
        Assert.NotEqual(Environment.CurrentManagedThreadId, threads.Single());
        worker.Dispose();
        Assert.False(seen!.IsAlive);
        Assert.Throws<ObjectDisposedException>(() => worker.Start(() => { }));
    }
}
