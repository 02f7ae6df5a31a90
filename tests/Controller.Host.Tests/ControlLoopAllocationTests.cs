using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Tests.Fakes;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;

namespace IndustrialSafeRL.Controller.Host.Tests;

public sealed class ControlLoopAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_steady_state_Auto_cycle_allocates_nothing_per_cycle_on_the_control_thread(bool tagGuided)
    {
        var packages = Directory.CreateTempSubdirectory("isrl-alloc-").FullName;
        await using var h = new LoopHarness("Shadow", configure: o =>
        {
            o.MaxLogLagCycles = 200;
            if (tagGuided)
            {
                // The policy reads the PLC's guide tags each cycle.
                o.Tags.Guides = [.. TestPolicyPackages.ActionTags.Select(n => new TagBinding { Name = n, NodeId = $"ns=2;s=IB.Guide.{n}" })];
                o.Packages = [TestPolicyPackages.WriteGuided(Path.Combine(packages, "guided"), [0.05f, 0f, -0.05f], kind: "tag", clip: true)];
            }
        }, systemClockForIo: true);
        await h.ConnectAsync();
        await h.CyclesAsync(3);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "op", "allocation test"));
        h.Plant.RecordWrites = false;
        // The clock stands still: no deadline, fresh inputs, and the fake plant's life bit still ticks. Between
        // measured batches of 100 cycles the store writer gets the idle time real cycle periods would give it.
        // The batches run on a thread of their own: the allocation counter is per thread, and a pool thread between
        // awaits also runs other work items (the store writer's flush, timers), whose allocations it would count
        // (once 60 kB in one batch in CI). A steady cycle completes synchronously, so all of it runs on that thread;
        // the test checks that, or the counter would miss part of a cycle.
        var perBatch = new List<long>();
        var asynchronous = 0;
        var flushed = true;
        void RunBatches()
        {
            for (var batch = 0; batch < 20; batch++)
            {
                flushed &= h.Writer.FlushAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 100; i++)
                {
                    var cycle = h.Loop.RunCycleAsync(CancellationToken.None);
                    if (!cycle.IsCompleted)
                    {
                        asynchronous++;
                    }

                    cycle.GetAwaiter().GetResult();
                }

                perBatch.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        Exception? failure = null;
        var control = new Thread(() =>
        {
            try
            {
                RunBatches();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        control.Start();
        control.Join();
        Assert.Null(failure);
        Assert.True(flushed);
        Assert.Equal(0, asynchronous);

        Assert.Equal(ShedReason.None, h.Loop.Shed);
        Assert.Equal(ControllerMode.Auto, h.Loop.Mode);
        // Pools and queues grow while warming up; after that no cycle allocates. What remains is time-based, not per
        // cycle: Polly's circuit breaker starts a new rolling health window (~40 B) every tenth of its sampling period.
        var steady = perBatch.Skip(10).Sum();
        Assert.True(steady < 1000, $"bytes per batch of 100 cycles: {string.Join(", ", perBatch)}");
        Assert.Equal(tagGuided, h.Slot.Active!.ReadsGuideInput);
        Directory.Delete(packages, recursive: true);
    }
}
