using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Limits;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>
/// Everything one decision's units see: the inputs, the action so far, the limit and envelope snapshots taken
/// once at the start of the decision, and the result being written. A ref struct: lives on the stack.
/// </summary>
internal ref struct ShieldFrame
{
    public ReadOnlySpan<double> Observation;
    public ReadOnlySpan<double> Proposed;
    public ReadOnlySpan<double> Current;
    public ReadOnlySpan<double> Guide;
    public bool Stale;
    public Span<double> Action;
    public ReadOnlySpan<double> Hold;
    public EngineeringLimits Engineering;
    public OperatorLimits Operator;
    public EnvelopeSnapshot Envelope;
    public ShieldResult Result;

    /// <summary>Set by a unit that decides control must go back to the plant's own controller.</summary>
    public bool Shed;

    /// <summary>The first unit that shed this decision.</summary>
    public ShieldUnitKind ShedBy;

    /// <summary>Set by the data-support guard when it holds the plant.</summary>
    public bool Held;

    /// <summary>Sets action component <paramref name="index"/> and records why, when the value changes.</summary>
    public readonly void Move(ShieldUnitKind unit, ShieldReasonCode code, int index, double value, int observationIndex = -1)
    {
        var before = Action[index];
        Action[index] = value;
        Result.Add(new ShieldIntervention(unit, code, index, observationIndex, before, value));
    }

    /// <summary>Marks the decision shed, remembering the first unit that shed it.</summary>
    public void ShedFrom(ShieldUnitKind unit)
    {
        if (!Shed)
        {
            Shed = true;
            ShedBy = unit;
        }
    }

    /// <summary>Records an input-level reason (no action component changes).</summary>
    public readonly void Note(ShieldUnitKind unit, ShieldReasonCode code, int observationIndex, double value) =>
        Result.Add(new ShieldIntervention(unit, code, -1, observationIndex, value, value));

    /// <summary>Replaces the whole action with the hold action, recording every component that changes.</summary>
    public readonly void ReplaceWithHold(ShieldUnitKind unit, ShieldReasonCode code)
    {
        for (var i = 0; i < Action.Length; i++)
        {
            // Written as a negated equality so that a NaN action counts as a change.
            if (!(Action[i] == Hold[i]))
            {
                Move(unit, code, i, Hold[i]);
            }
        }
    }
}
