namespace IndustrialSafeRL.OpcUa.Plant;

/// <summary>
/// A simulated plant with a controller of its own (the PLC's), which keeps it running while no supervisory controller
/// writes actions: after a shed, in Shadow mode, or before a controller connects. Served by <see cref="PlantServer"/>
/// when <see cref="PlantServerOptions.OwnControllerAfter"/> is set.
/// </summary>
public interface IPlantWithOwnController : ISimulatedPlant
{
    /// <summary>Lets the plant's own controller choose <paramref name="actions"/> and advances the plant by one step with them.</summary>
    void StepUnderOwnController(Span<double> actions);
}
