using BenchmarkDotNet.Attributes;
using IndustrialSafeRL.Policy.Runtime.History;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;

namespace IndustrialSafeRL.Runtime.Bench;

/// <summary>
/// One control-cycle inference for the IB policy size: push a frame into the 30-frame history, assemble the 30×6
/// window, run the MLP (180 → 64 → 64 → 3, tanh) through ONNX Runtime.
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmark : IDisposable
{
    private string directory = string.Empty;
    private PolicySession session = null!;
    private ObservationHistory history = null!;
    private readonly double[] frame = [70, 50, 50, 50, 10, 20];
    private readonly double[] action = new double[3];
    private int i;

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("isrl-bench-").FullName;
        TestPolicyPackages.WriteMlp(directory, TestPolicyPackages.Mlp.Random(3));
        session = PolicySession.Open(PolicyPackage.Load(directory, PlantTagMapping.IndustrialBenchmark));
        history = new ObservationHistory(30, 6);
        history.Push(frame);
    }

    [Benchmark]
    public double InferOneCycle()
    {
        frame[1] = 50 + (i++ & 15);
        history.Push(frame);
        session.Infer(history, [], action);
        return action[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        session?.Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
