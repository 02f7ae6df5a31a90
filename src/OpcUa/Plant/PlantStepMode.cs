namespace IndustrialSafeRL.OpcUa.Plant;

/// <summary>How the served plant advances.</summary>
public enum PlantStepMode
{
    /// <summary>Exactly one step per Write request that wrote at least one action tag, applied before the next request is served.</summary>
    OnWrite,
    /// <summary>One step every <see cref="PlantServerOptions.Period"/> with the action values currently in the address space.</summary>
    Periodic,
}
