namespace IndustrialSafeRL.Controller.Host.Shielding;

/// <summary>What a shield decision allows.</summary>
public enum ShieldGateVerdict
{
    /// <summary>The proposed action is safe as it is.</summary>
    Pass,

    /// <summary>The action was corrected; apply the corrected action.</summary>
    Modified,

    /// <summary>The action holds the plant's current values.</summary>
    Hold,

    /// <summary>Shed to the plant's own controller: write nothing.</summary>
    Shed,
}
