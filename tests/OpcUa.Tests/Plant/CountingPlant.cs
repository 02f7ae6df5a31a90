using IndustrialSafeRL.OpcUa.Plant;

namespace IndustrialSafeRL.OpcUa.Tests.Plant;

/// <summary>Test fake: each observation integrates the sum of the actions; counts steps.</summary>
internal sealed class CountingPlant : ISimulatedPlant
{
    private readonly double[] _state = [10, 20];

    public IReadOnlyList<string> ObservationNames { get; } = ["level", "flow"];

    public IReadOnlyList<string> ActionNames { get; } = ["valve", "pump"];

    public (double Low, double High) ActionRange => (-1, 1);

    public int Steps;

    public void ReadObservations(Span<double> destination) => _state.CopyTo(destination);

    public void Step(ReadOnlySpan<double> actions)
    {
        Steps++;
        _state[0] += actions[0] + actions[1];
        _state[1] += actions[0] - actions[1];
    }
}

/// <summary>Test fake with a controller of its own: it moves the valve by −0.1 unless told otherwise; counts its steps.</summary>
internal sealed class SelfControlledPlant : IPlantWithOwnController
{
    private readonly CountingPlant _inner = new();

    public IReadOnlyList<string> ObservationNames => _inner.ObservationNames;

    public IReadOnlyList<string> ActionNames => _inner.ActionNames;

    public (double Low, double High) ActionRange => _inner.ActionRange;

    public int ClientSteps => _inner.Steps - OwnSteps;

    public int OwnSteps;

    public void ReadObservations(Span<double> destination) => _inner.ReadObservations(destination);

    public void Step(ReadOnlySpan<double> actions) => _inner.Step(actions);

    /// <summary>What the own controller proposes (and applies when it steps); the test may change it.</summary>
    public double[] Proposal { get; } = [-0.1, 0];

    public void ProposeOwnAction(Span<double> actions) => Proposal.CopyTo(actions);

    public void StepUnderOwnController(Span<double> actions)
    {
        OwnSteps++;
        ProposeOwnAction(actions);
        _inner.Step(actions);
    }
}
