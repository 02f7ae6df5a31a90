namespace IndustrialSafeRL.Shield.Explanations;

/// <summary>Fixed human-readable text per reason code (static strings: nothing is formatted per decision).</summary>
public static class ShieldReasons
{
    /// <summary>The text for a reason code.</summary>
    public static string Text(ShieldReasonCode code) => code switch
    {
        ShieldReasonCode.NonFiniteObservation => "observation value is NaN or infinite; shed",
        ShieldReasonCode.NonFiniteProposedAction => "proposed action is NaN or infinite; shed",
        ShieldReasonCode.NonFiniteCurrentValue => "plant's current actuator value is NaN or infinite; shed",
        ShieldReasonCode.NonFiniteGuideAction => "guide action is NaN or infinite; shed",
        ShieldReasonCode.StaleInput => "input is stale; shed",
        ShieldReasonCode.CurrentOutsideEngineeringLimits => "plant's current actuator value is outside the engineering limits; shed",
        ShieldReasonCode.AboveOperatorMax => "above the operator maximum; lowered to it",
        ShieldReasonCode.BelowOperatorMin => "below the operator minimum; raised to it",
        ShieldReasonCode.MoveUpLimited => "rises faster than the move limit per cycle; lowered to current + limit",
        ShieldReasonCode.MoveDownLimited => "falls faster than the move limit per cycle; raised to current − limit",
        ShieldReasonCode.PredictedAboveSupport => "next state would exceed the policy's data-support upper bound; lowered",
        ShieldReasonCode.PredictedBelowSupport => "next state would fall below the policy's data-support lower bound; raised",
        ShieldReasonCode.PredictedOutsideSupportUnavoidable =>
            "no action keeps the next state inside the data support; took the action that leaves it least",
        ShieldReasonCode.AboveGuideBound => "deviates above the guide action by more than the bound; lowered",
        ShieldReasonCode.BelowGuideBound => "deviates below the guide action by more than the bound; raised",
        ShieldReasonCode.StateOutsideSupport => "state is outside the policy's trained support beyond the margin",
        ShieldReasonCode.ShedToHold => "decision shed; hold action reported (the host must not write it)",
        ShieldReasonCode.HeldOutsideSupport => "state outside the trained support; holding the plant",
        ShieldReasonCode.RepeatedInterventions => "too many interventions within the window; shed until reset",
        ShieldReasonCode.ClampedToEngineeringMax => "above the engineering maximum; clamped",
        ShieldReasonCode.ClampedToEngineeringMin => "below the engineering minimum; clamped",
        ShieldReasonCode.ClampedToMoveLimit => "outside the move limit from the current value; clamped",
        _ => "unknown reason",
    };
}
