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
