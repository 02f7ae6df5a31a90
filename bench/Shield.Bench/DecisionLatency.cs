using System.Diagnostics;
using System.Globalization;

namespace IndustrialSafeRL.Shield.Bench;

/// <summary>Per-decision latency percentiles and allocated bytes for the three inputs of <see cref="DecisionBenchmark"/>.</summary>
internal static class DecisionLatency
{
    public static void Run(int decisions)
    {
        Console.WriteLine($"{decisions} decisions per input; Stopwatch resolution {1e9 / Stopwatch.Frequency:F0} ns");
        Console.WriteLine("input     p50 ns   p99 ns   p99.9 ns   max ns   allocated bytes");
        foreach (var input in new[] { "pass", "modified", "shed" })
        {
            var bench = new DecisionBenchmark { Input = input };
            bench.Setup();
            // Warm up for a full second so tiered JIT has promoted the loop before timing.
            var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            while (Stopwatch.GetTimestamp() < warmUntil)
            {
                bench.Decide();
            }

            var ticks = new long[decisions];
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var n = 0; n < decisions; n++)
            {
                var start = Stopwatch.GetTimestamp();
                bench.Decide();
                ticks[n] = Stopwatch.GetTimestamp() - start;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Array.Sort(ticks);
            double Ns(double q) => ticks[Math.Min(ticks.Length - 1, (int)(q * ticks.Length))] * 1e9 / Stopwatch.Frequency;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{input,-8} {Ns(0.5),7:F0} {Ns(0.99),8:F0} {Ns(0.999),10:F0} {Ns(1.0),8:F0}   {allocated}"));
        }
    }
}
