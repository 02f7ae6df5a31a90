namespace IndustrialSafeRL.Shield.Explanations;

/// <summary>The outcome of one shield decision.</summary>
public enum ShieldVerdict
{
    /// <summary>The proposed action was safe and is returned unchanged; no interventions.</summary>
    Pass,

    /// <summary>One or more units changed the action; every change has an intervention.</summary>
    Modified,

    /// <summary>Hand control back to the plant's own controller; the host must not write the action.</summary>
    Shed,

    /// <summary>Write the hold action (state outside support with the Hold behaviour).</summary>
    Hold,
}
