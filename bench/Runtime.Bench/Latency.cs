using System.Diagnostics;
using System.Globalization;

namespace IndustrialSafeRL.Runtime.Bench;

/// <summary>Per-call latency of a step: warm-up, then N timed calls; prints p50/p99/p99.9/max and allocated bytes.</summary>
internal static class Latency
{
    public static void Measure(string name, int calls, Action step)
    {
        for (var i = 0; i < Math.Min(calls, 10_000); i++)
        {
            step();
        }

        var samples = new long[calls];
        GC.Collect();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            step();
            samples[i] = Stopwatch.GetTimestamp() - t0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Report(name, samples, allocated);
    }

    public static void Report(string name, long[] ticks, long allocated)
    {
        Array.Sort(ticks);
        double Us(double q) => ticks[Math.Min(ticks.Length - 1, (int)(q * ticks.Length))] * 1e6 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-44} n={ticks.Length,7}  p50={Us(0.50),9:F1} us  p99={Us(0.99),9:F1} us  p99.9={Us(0.999),9:F1} us  max={Us(1.0),9:F1} us  allocated={allocated} B"));
    }
}
