using IndustrialSafeRL.OpcUa.Plant;

namespace IndustrialSafeRL.EndToEnd.Tests.Controller;

/// <summary>
/// The IB with a PLC controller of its own whose proposed action the test sets (<see cref="Propose"/>): the plant
/// server publishes it as the guide tags <c>IB.Guide.*</c>, the guide a tag-guided policy perturbs.
/// </summary>
internal sealed class GuidedIndustrialBenchmark : IPlantWithOwnController
{
    private readonly SimulatedIndustrialBenchmark plant = new();
    private readonly Lock gate = new();
    private readonly double[] proposal = new double[3];

    public IReadOnlyList<string> ObservationNames => plant.ObservationNames;

    public IReadOnlyList<string> ActionNames => plant.ActionNames;

    public (double Low, double High) ActionRange => plant.ActionRange;

    /// <summary>Sets what the PLC's controller proposes from the next step on (all three at once).</summary>
    public void Propose(params double[] action)
    {
        lock (gate)
        {
            action.CopyTo(proposal, 0);
        }
    }

    public void ProposeOwnAction(Span<double> actions)
    {
        lock (gate)
        {
            proposal.CopyTo(actions);
        }
    }

    public void ReadObservations(Span<double> destination) => plant.ReadObservations(destination);

    public void Step(ReadOnlySpan<double> actions) => plant.Step(actions);

    public void StepUnderOwnController(Span<double> actions)
    {
        ProposeOwnAction(actions);
        plant.Step(actions);
    }
}
