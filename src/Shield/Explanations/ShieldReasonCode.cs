namespace IndustrialSafeRL.Shield.Explanations;

/// <summary>Why a unit intervened. Each code has one fixed human-readable text (<see cref="ShieldReasons"/>).</summary>
public enum ShieldReasonCode
{
    /// <summary>An observation value is NaN or infinite (index = observation dimension).</summary>
    NonFiniteObservation = 1,

    /// <summary>A proposed action value is NaN or infinite.</summary>
    NonFiniteProposedAction,

    /// <summary>A current plant actuator value is NaN or infinite.</summary>
    NonFiniteCurrentValue,

    /// <summary>A guide action value is NaN or infinite.</summary>
    NonFiniteGuideAction,

    /// <summary>The caller flagged the input as stale.</summary>
    StaleInput,

    /// <summary>The plant's current actuator value lies outside the engineering limits.</summary>
    CurrentOutsideEngineeringLimits,

    /// <summary>Action lowered to the operator maximum.</summary>
    AboveOperatorMax,

    /// <summary>Action raised to the operator minimum.</summary>
    BelowOperatorMin,

    /// <summary>Action lowered: it rose faster than the move limit from the current value.</summary>
    MoveUpLimited,

    /// <summary>Action raised: it fell faster than the move limit from the current value.</summary>
    MoveDownLimited,

    /// <summary>Action lowered so the predicted next state stays below the support's upper bound.</summary>
    PredictedAboveSupport,

    /// <summary>Action raised so the predicted next state stays above the support's lower bound.</summary>
    PredictedBelowSupport,

    /// <summary>No action keeps the prediction inside the support; the least-violating action was taken.</summary>
    PredictedOutsideSupportUnavoidable,

    /// <summary>Action lowered to guide + bound.</summary>
    AboveGuideBound,

    /// <summary>Action raised to guide − bound.</summary>
    BelowGuideBound,

    /// <summary>The state lies outside the trained support by more than the margin (index = observation dimension).</summary>
    StateOutsideSupport,

    /// <summary>Action replaced by the hold action because the decision was shed.</summary>
    ShedToHold,

    /// <summary>Action replaced by the hold action because the state is outside the trained support.</summary>
    HeldOutsideSupport,

    /// <summary>Too many interventions within the window: shed, latched until reset.</summary>
    RepeatedInterventions,

    /// <summary>Final clamp lowered the action to the engineering maximum.</summary>
    ClampedToEngineeringMax,

    /// <summary>Final clamp raised the action to the engineering minimum.</summary>
    ClampedToEngineeringMin,

    /// <summary>Final clamp pulled the action back within the move limit.</summary>
    ClampedToMoveLimit,
}
