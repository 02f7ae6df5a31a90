namespace IndustrialSafeRL.Policy.Runtime.Packages;

/// <summary>
/// The tags the plant connection delivers, in the order the host keeps them: observation tags (one value each per
/// cycle) and action tags (the actuators). A package's manifest tags must all be found here; the runtime maps
/// between the manifest's order and this order, so a package may list its tags in any order.
/// </summary>
public sealed record PlantTagMapping(IReadOnlyList<string> ObservationTags, IReadOnlyList<string> ActionTags)
{
    /// <summary>The Industrial Benchmark tag set (names as served over OPC UA).</summary>
    public static PlantTagMapping IndustrialBenchmark { get; } = new(
        ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"],
        ["delta_velocity", "delta_gain", "delta_shift"]);
}
