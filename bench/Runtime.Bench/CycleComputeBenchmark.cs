using BenchmarkDotNet.Attributes;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Policy.Runtime.History;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;
using IndustrialSafeRL.Shield.Configuration;

namespace IndustrialSafeRL.Runtime.Bench;

/// <summary>
/// The compute part of one control cycle for the IB policy size: history push and window assembly, ONNX Runtime
/// inference (180 → 64 → 64 → 3), and the project's shield (all units, IB look-ahead, move limit 0.1) through the
/// loop's seam.
/// </summary>
[MemoryDiagnoser]
public class CycleComputeBenchmark : IDisposable
{
    private readonly double[] frame = [70, 50, 50, 50, 10, 20];
    private readonly double[] proposed = new double[3];
    private readonly double[] applied = new double[3];
    private readonly double[] current = new double[3];
    private readonly List<Intervention> interventions = new(32);
    private string directory = string.Empty;
    private PolicySession session = null!;
    private ObservationHistory history = null!;
    private ActionShieldGate shield = null!;
    private int i;

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("isrl-bench-").FullName;
        TestPolicyPackages.WriteMlp(directory, TestPolicyPackages.Mlp.Random(3));
        var package = PolicyPackage.Load(directory, PlantTagMapping.IndustrialBenchmark);
        session = PolicySession.Open(package);
        history = new ObservationHistory(30, 6);
        history.Push(frame);
        var options = new ControllerOptions();
        IndustrialBenchmarkTags.ApplyDefaults(options);
        shield = new ActionShieldGate(new ShieldOptions
        {
            Actuators = [.. options.Tags.Actuators.Select(a => new ActuatorLimits { Tag = a.Name, Min = -1, Max = 1, MaxMovePerCycle = 0.1, IsIncrement = true })],
        }, options, TimeProvider.System);
        shield.SetEnvelope(package.Manifest);
    }

    [Benchmark]
    public double InferAndShield()
    {
        frame[1] = 50 + (i++ & 15);
        history.Push(frame);
        session.Infer(history, [], proposed);
        shield.Decide(frame, proposed, current, false, applied, interventions);
        applied.CopyTo(current, 0);
        return applied[0];
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
