using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Tests.Fakes;

namespace IndustrialSafeRL.Controller.Host.Tests;

public sealed class ControlLoopAllocationTests
{
    [Fact]
    public async Task A_steady_state_Auto_cycle_allocates_nothing_per_cycle_on_the_control_thread()
    {
        await using var h = new LoopHarness("Shadow", configure: o => o.MaxLogLagCycles = 200, systemClockForIo: true);
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
        var steady = perBatch.Skip(10).Sum();
        Assert.True(steady < 1000, $"bytes per batch of 100 cycles: {string.Join(", ", perBatch)}");
    }
}
