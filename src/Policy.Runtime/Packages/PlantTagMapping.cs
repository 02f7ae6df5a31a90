namespace IndustrialSafeRL.Policy.Runtime.Packages;

/// <summary>
/// The tags the plant connection delivers, in the order the host keeps them: observation tags (one value each per
/// cycle), action tags (the actuators) and guide tags (the PLC's own controller's action, read for packages whose
/// graph perturbs a guide read at run time). A package's manifest tags must all be found here; the runtime maps
/// between the manifest's order and this order, so a package may list its tags in any order.
/// </summary>
public sealed record PlantTagMapping(IReadOnlyList<string> ObservationTags, IReadOnlyList<string> ActionTags)
{
    /// <summary>Creates the mapping with guide tags.</summary>
    public PlantTagMapping(IReadOnlyList<string> observationTags, IReadOnlyList<string> actionTags, IReadOnlyList<string> guideTags)
        : this(observationTags, actionTags) => GuideTags = guideTags ?? throw new ArgumentNullException(nameof(guideTags));

    /// <summary>The Industrial Benchmark tag set (names as served over OPC UA), without guide tags.</summary>
    public static PlantTagMapping IndustrialBenchmark { get; } = new(
        ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"],
        ["delta_velocity", "delta_gain", "delta_shift"]);

    /// <summary>Guide tags the plant delivers (names as a manifest's <c>guide.tags</c> uses them), in the host's
    /// order; empty (the default) when the plant delivers none.</summary>
    public IReadOnlyList<string> GuideTags { get; init; } = [];
}
