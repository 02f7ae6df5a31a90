using BenchmarkDotNet.Running;
using IndustrialSafeRL.Shield.Bench;

// "latency" times every single decision (Stopwatch ticks) to report per-call percentiles, which
// BenchmarkDotNet's per-iteration statistics cannot show; anything else goes to BenchmarkDotNet.
if (args is ["latency", ..])
{
    DecisionLatency.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(DecisionBenchmark).Assembly).Run(args);
}
