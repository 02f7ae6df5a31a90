namespace IndustrialSafeRL.OpcUa.Plant;

/// <summary>
/// A simulated process served over OPC UA: named observations and actions and one deterministic step. The Industrial
/// Benchmark implements it; the OPC UA glue (<see cref="PlantServer"/>) knows nothing else about the process.
/// </summary>
public interface ISimulatedPlant
{
    /// <summary>Observation names, in the order <see cref="ReadObservations"/> writes them.</summary>
    IReadOnlyList<string> ObservationNames { get; }

    /// <summary>Action names, in the order <see cref="Step"/> takes them.</summary>
    IReadOnlyList<string> ActionNames { get; }

    /// <summary>Inclusive range of every action (writes outside it are refused with BadOutOfRange).</summary>
    (double Low, double High) ActionRange { get; }

    /// <summary>Copies the current observations into <paramref name="destination"/>.</summary>
    void ReadObservations(Span<double> destination);

    /// <summary>Advances the process by one step with <paramref name="actions"/>.</summary>
    void Step(ReadOnlySpan<double> actions);
}
