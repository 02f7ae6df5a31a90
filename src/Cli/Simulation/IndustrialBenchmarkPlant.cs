using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.OpcUa.Plant;

namespace IndustrialSafeRL.Cli.Simulation;

/// <summary>The Industrial Benchmark as an <see cref="ISimulatedPlant"/> for <c>isrl sim serve</c>.</summary>
internal sealed class IndustrialBenchmarkPlant : ISimulatedPlant
{
    private readonly IndustrialBenchmarkEnvironment _environment;

    public IndustrialBenchmarkPlant(uint seed, double setpoint)
    {
        _environment = new IndustrialBenchmarkEnvironment();
        _environment.Reset(seed, setpoint);
    }

    public IReadOnlyList<string> ObservationNames => IndustrialBenchmarkObservation.Tags;

    public IReadOnlyList<string> ActionNames => IndustrialBenchmarkObservation.ActionTags;

    public (double Low, double High) ActionRange => (-1, 1);

    public void ReadObservations(Span<double> destination) => _environment.Observation.CopyTo(destination);

    public void Step(ReadOnlySpan<double> actions) => _environment.Step(actions);

    /// <summary>
    /// Runs the plant under <paramref name="controller"/> (its own, existing controller) for <paramref name="steps"/>
    /// steps, as a real plant runs before a new controller takes over.
    /// </summary>
    public void RunUnder(IIndustrialBenchmarkPolicy controller, int steps)
    {
        ArgumentNullException.ThrowIfNull(controller);
        Span<double> action = stackalloc double[3];
        controller.Reset();
        for (var t = 0; t < steps; t++)
        {
            controller.Act(_environment.History.Values, action);
            _environment.Step(action);
        }
    }
}
