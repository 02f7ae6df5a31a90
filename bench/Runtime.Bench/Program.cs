using BenchmarkDotNet.Running;
using IndustrialSafeRL.Runtime.Bench;

// Usage:
//   dotnet run -c Release --project bench/Runtime.Bench -- latency [calls]     per-call p50/p99 + allocations
//   dotnet run -c Release --project bench/Runtime.Bench -- cycle [cycles] [period ms]  full cycle over OPC UA on loopback
//   dotnet run -c Release --project bench/Runtime.Bench -- package <dir>              write the benchmark's policy package
//   dotnet run -c Release --project bench/Runtime.Bench -- bdn --filter '*' --inProcess [--job short]
//     (--inProcess: the assembly name differs from the project name, so BenchmarkDotNet cannot rebuild it out of process)
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

    case "cycle":
    {
        var cycles = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        var periodMs = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 100;
        await CycleOverOpcUa.RunAsync(cycles, TimeSpan.FromMilliseconds(periodMs));
        return 0;
    }

    case "package":
        // The IB-sized MLP package the benchmarks run, written to a directory (for trials with `isrl controller run`).
        IndustrialSafeRL.Policy.Runtime.Tests.Support.TestPolicyPackages.WriteMlp(args[1], IndustrialSafeRL.Policy.Runtime.Tests.Support.TestPolicyPackages.Mlp.Random(3), "bench-mlp");
        Console.WriteLine(args[1]);
        return 0;

    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(InferenceBenchmark).Assembly).Run(args[1..]);
        return 0;
    default:
        Console.Error.WriteLine($"unknown verb '{verb}': latency [calls] | cycle [cycles] [period ms] | bdn [args]");
        return 2;
}
