namespace IndustrialSafeRL.OpcUa.Plant;

/// <summary>
/// A simulated plant with a controller of its own (the PLC's), which keeps it running while no supervisory controller
/// writes actions: after a shed, in Shadow mode, or before a controller connects. Served by <see cref="PlantServer"/>
/// when <see cref="PlantServerOptions.OwnControllerAfter"/> is set; with <see cref="PlantServerOptions.PublishGuide"/>
/// the server also publishes the action the own controller proposes as guide tags.
/// </summary>
public interface IPlantWithOwnController : ISimulatedPlant
{
    /// <summary>
    /// Writes the action the plant's own controller proposes for the current state (what it would apply now) into
    /// <paramref name="actions"/>, without stepping; the next <see cref="StepUnderOwnController"/> applies this very
    /// proposal, so a published guide and the PLC's own action agree.
    /// </summary>
    void ProposeOwnAction(Span<double> actions);

    /// <summary>Lets the plant's own controller choose <paramref name="actions"/> and advances the plant by one step with them.</summary>
    void StepUnderOwnController(Span<double> actions);
}
