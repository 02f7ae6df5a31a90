namespace IndustrialSafeRL.Shield.Explanations;

/// <summary>The shield's units, numbered in the fixed order they run.</summary>
public enum ShieldUnitKind
{
    /// <summary>1. Non-finite or stale input, plant actuator outside engineering limits → shed.</summary>
    InputValidation = 1,

    /// <summary>2. Operator limits (inside the engineering limits).</summary>
    OperatorLimits = 2,

    /// <summary>3. Move (rate) limit per cycle relative to the plant's current actuator value.</summary>
    MoveLimit = 3,

    /// <summary>4. One-step look-ahead keeping the predicted state inside the data-support bounds.</summary>
    LookAhead = 4,

    /// <summary>5. Bound on the deviation from the guide action.</summary>
    GuideDeviation = 5,

    /// <summary>6. State outside the trained support (with margin) → shed or hold.</summary>
    DataSupportGuard = 6,

    /// <summary>Repeated interventions within the window → latched shed (checked before the final clamp).</summary>
    InterventionWindow = 7,

    /// <summary>8. Final hard clamp to engineering and move limits; never skipped.</summary>
    HardClamp = 8,
}
