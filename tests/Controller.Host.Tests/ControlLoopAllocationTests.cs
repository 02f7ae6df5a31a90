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
        var perBatch = new List<long>();
        for (var batch = 0; batch < 20; batch++)
        {
            Assert.True(await h.Writer.FlushAsync(TimeSpan.FromSeconds(10)));
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                await h.Loop.RunCycleAsync(CancellationToken.None);
            }

            perBatch.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(ShedReason.None, h.Loop.Shed);
        Assert.Equal(ControllerMode.Auto, h.Loop.Mode);
        // Pools and queues grow while warming up; after that no cycle allocates. What remains is time-based, not per
        // cycle: Polly's circuit breaker starts a new rolling health window (~40 B) every tenth of its sampling period.
        // The counter is per thread, and between awaits this pool thread may also run someone else's work item (the
        // store writer's flush, a timer): that shows as one odd batch (60 kB once in CI). An allocation per cycle, even
        // of the smallest object (24 B), shows in every batch as ≥ 2,400 B: so the typical batch must be near zero and
        // at most one may be large.
        var steady = perBatch.Skip(10).Order().ToList();
        var report = $"bytes per batch of 100 cycles: {string.Join(", ", perBatch)}";
        Assert.True(steady[steady.Count / 2] < 100, report);
        Assert.True(steady.Count(b => b >= 2400) <= 1, report);
        Assert.Equal(tagGuided, h.Slot.Active!.ReadsGuideInput);
        Directory.Delete(packages, recursive: true);
    }
}
