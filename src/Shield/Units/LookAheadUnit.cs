using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Prediction;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Unit 4: one-step look-ahead. Moves each action component to the nearest value whose predicted next
/// state stays inside the policy's data-support bounds (per component: the nearest point of the predictor's
/// admissible box). Skipped when no predictor is configured.</summary>
internal sealed class LookAheadUnit(IStatePredictor? predictor, int actionCount) : ShieldUnit
{
    private readonly ActionInterval[] window = new ActionInterval[actionCount];

    public override ShieldUnitKind Kind => ShieldUnitKind.LookAhead;

    public override void Apply(ref ShieldFrame frame)
    {
        if (predictor is null)
        {
            return;
        }

        var envelope = frame.Envelope.Envelope;
        predictor.ActionWindow(frame.Observation, envelope.LoSpan, envelope.HiSpan, window);
        for (var i = 0; i < frame.Action.Length; i++)
        {
            var w = window[i];
            if (frame.Action[i] > w.Max)
            {
                var code = w.Feasible ? ShieldReasonCode.PredictedAboveSupport : ShieldReasonCode.PredictedOutsideSupportUnavoidable;
                frame.Move(Kind, code, i, w.Max, w.ObservationIndex);
            }
            else if (frame.Action[i] < w.Min)
            {
                var code = w.Feasible ? ShieldReasonCode.PredictedBelowSupport : ShieldReasonCode.PredictedOutsideSupportUnavoidable;
                frame.Move(Kind, code, i, w.Min, w.ObservationIndex);
            }
        }
    }
}
