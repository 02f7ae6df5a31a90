using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.OpcUa.Plant;

namespace IndustrialSafeRL.Cli.Simulation;

/// <summary>
/// The Industrial Benchmark as a simulated plant for <c>isrl sim serve</c> and the demo, with an optional controller
/// of its own (the PLC's) that runs it whenever the supervisory controller does not write.
/// </summary>
internal sealed class IndustrialBenchmarkPlant : IPlantWithOwnController
{
    private readonly IndustrialBenchmarkEnvironment _environment;
    private readonly IIndustrialBenchmarkPolicy? _ownController;
    private readonly double[] _proposal = new double[3];
    private bool _proposed;

    public IndustrialBenchmarkPlant(uint seed, double setpoint, IIndustrialBenchmarkPolicy? ownController = null)
    {
        _environment = new IndustrialBenchmarkEnvironment();
        _environment.Reset(seed, setpoint);
        _ownController = ownController;
        _ownController?.Reset();
    }

    public IReadOnlyList<string> ObservationNames => IndustrialBenchmarkObservation.Tags;

    public IReadOnlyList<string> ActionNames => IndustrialBenchmarkObservation.ActionTags;

    public (double Low, double High) ActionRange => (-1, 1);

    public void ReadObservations(Span<double> destination) => _environment.Observation.CopyTo(destination);

    public void Step(ReadOnlySpan<double> actions)
    {
        _environment.Step(actions);
        _proposed = false;
    }

    /// <summary>The own controller's action for the current state (zero increments without one); asked once per state,
    /// so a controller with random draws proposes what it then applies.</summary>
    public void ProposeOwnAction(Span<double> actions)
    {
        if (!_proposed)
        {
            if (_ownController is null)
            {
                Array.Clear(_proposal);
            }
            else
            {
                _ownController.Act(_environment.History.Values, _proposal);
            }

            _proposed = true;
        }

        _proposal.CopyTo(actions);
    }

    /// <summary>One step under the plant's own controller (its proposal for this state); without one it holds (zero increments).</summary>
    public void StepUnderOwnController(Span<double> actions)
    {
        ProposeOwnAction(actions);
        Step(actions);
    }

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

        _proposed = false;
    }
}
