using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Unit 1: sheds on any NaN/∞ input, a stale input, or a plant actuator outside the engineering limits.
/// Reports every offending value, not just the first, so one log line explains the whole fault.</summary>
internal sealed class InputValidationUnit : ShieldUnit
{
    public override ShieldUnitKind Kind => ShieldUnitKind.InputValidation;

    public override void Apply(ref ShieldFrame frame)
    {
        if (frame.Stale)
        {
            frame.Note(Kind, ShieldReasonCode.StaleInput, -1, double.NaN);
            frame.ShedFrom(Kind);
        }

        for (var d = 0; d < frame.Observation.Length; d++)
        {
            if (!double.IsFinite(frame.Observation[d]))
            {
                frame.Note(Kind, ShieldReasonCode.NonFiniteObservation, d, frame.Observation[d]);
                frame.ShedFrom(Kind);
            }
        }

        var eng = frame.Engineering;
        for (var i = 0; i < frame.Proposed.Length; i++)
        {
            if (!double.IsFinite(frame.Proposed[i]))
            {
                Record(ref frame, ShieldReasonCode.NonFiniteProposedAction, i, frame.Proposed[i]);
            }

            var current = frame.Current[i];
            if (!double.IsFinite(current))
            {
                Record(ref frame, ShieldReasonCode.NonFiniteCurrentValue, i, current);
            }
            else if (current < eng.Min[i] || current > eng.Max[i])
            {
                Record(ref frame, ShieldReasonCode.CurrentOutsideEngineeringLimits, i, current);
            }

            if (!frame.Guide.IsEmpty && !double.IsFinite(frame.Guide[i]))
            {
                Record(ref frame, ShieldReasonCode.NonFiniteGuideAction, i, frame.Guide[i]);
            }
        }
    }

    private void Record(ref ShieldFrame frame, ShieldReasonCode code, int actionIndex, double value)
    {
        frame.Result.Add(new ShieldIntervention(Kind, code, actionIndex, -1, value, value));
        frame.ShedFrom(Kind);
    }
}
