using BenchmarkDotNet.Running;
using IndustrialSafeRL.Runtime.Bench;

// Usage:
//   dotnet run -c Release --project bench/Runtime.Bench -- latency [calls]     per-call p50/p99 + allocations
//   dotnet run -c Release --project bench/Runtime.Bench -- bdn [BenchmarkDotNet args]
var verb = args.Length > 0 ? args[0] : "latency";
switch (verb)
{
    case "latency":
    {
        var calls = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        using var inference = new InferenceBenchmark();
        inference.Setup();
        Latency.Measure("inference (history + ONNX Runtime, IB MLP)", calls, () => inference.InferOneCycle());
        using var compute = new CycleComputeBenchmark();
        compute.Setup();
        Latency.Measure("inference + shield (IB MLP, all units)", calls, () => compute.InferAndShield());
        return 0;
    }

    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(InferenceBenchmark).Assembly).Run(args[1..]);
        return 0;
    default:
        Console.Error.WriteLine($"unknown verb '{verb}': latency [calls] | bdn [args]");
        return 2;
}
