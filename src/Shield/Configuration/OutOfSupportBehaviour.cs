namespace IndustrialSafeRL.Shield.Configuration;

/// <summary>What the data-support guard does when the plant state leaves the policy's trained support.</summary>
public enum OutOfSupportBehaviour
{
    /// <summary>Hand control back to the plant's own controller (verdict <c>Shed</c>).</summary>
    Shed,

    /// <summary>Keep control but write the hold action (current values, or 0 for increments) (verdict <c>Hold</c>).</summary>
    Hold,
}
