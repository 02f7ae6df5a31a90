using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project bench/IndustrialBenchmark.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(IndustrialSafeRL.IndustrialBenchmark.Bench.StepBenchmarks).Assembly).Run(args);
