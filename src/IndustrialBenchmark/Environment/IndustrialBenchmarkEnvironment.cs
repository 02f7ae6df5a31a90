using IndustrialSafeRL.IndustrialBenchmark.Dynamics;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Environment;

/// <summary>
/// The benchmark as an environment: <see cref="Reset"/> with a seed and a setpoint (a seed means exactly what it
/// means for the reference constructor), <see cref="Step(ReadOnlySpan{double})"/> with a 3-action, and the
/// observation history window. Steps allocate nothing.
/// </summary>
public sealed class IndustrialBenchmarkEnvironment
{
    private readonly NumpyLegacyRandom _random;
    private readonly double[] _frame = new double[IndustrialBenchmarkObservation.Size];

    /// <summary>An environment at setpoint 70, seed 0, until the first <see cref="Reset"/>.</summary>
    public IndustrialBenchmarkEnvironment(IndustrialBenchmarkEnvironmentOptions? options = null)
    {
        Options = options ?? new IndustrialBenchmarkEnvironmentOptions();
        Options.Validate();
        _random = new NumpyLegacyRandom(0);
        Simulator = new IndustrialBenchmarkSimulator(70.0, _random, Options.Stationary);
        History = new ObservationHistory(Options.HistoryLength, IndustrialBenchmarkObservation.Size);
        StartHistory();
    }

    /// <summary>The options in force.</summary>
    public IndustrialBenchmarkEnvironmentOptions Options { get; }

    /// <summary>The simulator (read its hidden state for diagnostics; step through the environment).</summary>
    public IndustrialBenchmarkSimulator Simulator { get; }

    /// <summary>The last <see cref="IndustrialBenchmarkEnvironmentOptions.HistoryLength"/> observations, newest first.</summary>
    public ObservationHistory History { get; }

    /// <summary>The current observation.</summary>
    public IndustrialBenchmarkObservation Observation => IndustrialBenchmarkObservation.Of(Simulator);

    /// <summary>Steps since the last reset.</summary>
    public long StepCount { get; private set; }

    /// <summary>Re-seeds and re-constructs the benchmark like the reference constructor <c>IDS(setpoint, seed)</c>.</summary>
    public IndustrialBenchmarkObservation Reset(uint seed, double setpoint)
    {
        _random.Seed(seed);
        Simulator.Reset(setpoint);
        StepCount = 0;
        StartHistory();
        return Observation;
    }

    /// <summary>One step; components outside [−1, 1] are clipped as the reference does, NaN is refused.</summary>
    public IndustrialBenchmarkStep Step(ReadOnlySpan<double> action)
    {
        Simulator.Step(action);
        StepCount++;
        var observation = Observation;
        observation.CopyTo(_frame);
        History.Push(_frame);
        return new IndustrialBenchmarkStep(observation, Simulator.Reward, Simulator.Fatigue, Simulator.Consumption);
    }

    private void StartHistory()
    {
        Observation.CopyTo(_frame);
        History.Reset(_frame);
    }
}
