using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.OpcUa.Plant;

namespace IndustrialSafeRL.EndToEnd.Tests.Controller;

/// <summary>The IB environment as a plant the OPC UA plant server serves (setpoint 70, seeded).</summary>
internal sealed class SimulatedIndustrialBenchmark : ISimulatedPlant
{
    private readonly IndustrialBenchmarkEnvironment environment = new();
    private readonly Lock gate = new();

    public SimulatedIndustrialBenchmark(uint seed = 1) => environment.Reset(seed, 70);

    public IReadOnlyList<string> ObservationNames => IndustrialBenchmarkObservation.Tags;

    public IReadOnlyList<string> ActionNames => IndustrialBenchmarkObservation.ActionTags;

    public (double Low, double High) ActionRange => (-1, 1);

    public long Steps { get; private set; }

    public void ReadObservations(Span<double> destination)
    {
        lock (gate)
        {
            environment.Observation.CopyTo(destination);
        }
    }

    public void Step(ReadOnlySpan<double> actions)
    {
        lock (gate)
        {
            environment.Step(actions);
            Steps++;
        }
    }
}
