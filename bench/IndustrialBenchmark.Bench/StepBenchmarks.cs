using BenchmarkDotNet.Attributes;
using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Bench;

/// <summary>
/// Steps of the benchmark with uniform random actions in [−1, 1]³ pre-generated outside the timed loop (as the
/// reference throughput was measured, SPEC §13). One operation = one simulator step, so the reported mean is the
/// time per step (steps/s = 1 / mean); MemoryDiagnoser shows the bytes allocated per step.
/// </summary>
[MemoryDiagnoser]
public class StepBenchmarks
{
    private const int StepsPerInvoke = 10_240; // a multiple of the batch size
    private const int ActionBlock = 4096;

    private readonly double[] _actions = new double[ActionBlock * 3];
    private IndustrialBenchmarkEnvironment _single = null!;
    private IndustrialBenchmarkBatch _batch = null!;
    private double[] _batchActions = null!;
    private double[] _batchObservations = null!;
    private double[] _batchRewards = null!;

    /// <summary>Instances in the batch.</summary>
    [Params(64)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new NumpyLegacyRandom(12345);
        for (var i = 0; i < _actions.Length; i++)
        {
            _actions[i] = (2.0 * random.Uniform()) - 1.0;
        }

        _single = new IndustrialBenchmarkEnvironment();
        _single.Reset(7, 50);
        _batch = new IndustrialBenchmarkBatch(BatchSize);
        _batchObservations = new double[BatchSize * IndustrialBenchmarkObservation.Size];
        _batchRewards = new double[BatchSize];
        _batchActions = new double[BatchSize * 3];
        _batch.Reset(7, 50, _batchObservations);
    }

    /// <summary>One instance: environment step (simulator + history window).</summary>
    [Benchmark(OperationsPerInvoke = StepsPerInvoke, Baseline = true)]
    public double SingleInstanceStep()
    {
        var sum = 0.0;
        for (var t = 0; t < StepsPerInvoke; t++)
        {
            sum += _single.Step(_actions.AsSpan((t % ActionBlock) * 3, 3)).Reward;
        }

        return sum;
    }

    /// <summary>One instance: the bare simulator step (no history window).</summary>
    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public double SingleSimulatorStep()
    {
        var simulator = _single.Simulator;
        var sum = 0.0;
        for (var t = 0; t < StepsPerInvoke; t++)
        {
            var k = (t % ActionBlock) * 3;
            simulator.Step(_actions[k], _actions[k + 1], _actions[k + 2]);
            sum += simulator.Reward;
        }

        return sum;
    }

    /// <summary>A batch of instances stepped together; one operation is one instance-step.</summary>
    [Benchmark(OperationsPerInvoke = StepsPerInvoke)]
    public double BatchedStep()
    {
        var rounds = StepsPerInvoke / BatchSize;
        var sum = 0.0;
        for (var r = 0; r < rounds; r++)
        {
            _actions.AsSpan(((r * BatchSize) % (ActionBlock - BatchSize)) * 3, BatchSize * 3).CopyTo(_batchActions);
            _batch.Step(_batchActions, _batchObservations, _batchRewards);
            sum += _batchRewards[0];
        }

        return sum;
    }
}
