using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Unit 5: keeps |a − a_guide| within the envelope's bound, when a guide action is given and the active
/// policy has a guide bound; with a confidence box the bound is λ(s)·bound + (1 − λ(s))·free at this observation.</summary>
internal sealed class GuideDeviationUnit : ShieldUnit
{
    public override ShieldUnitKind Kind => ShieldUnitKind.GuideDeviation;

    public override void Apply(ref ShieldFrame frame)
    {
        var envelope = frame.Envelope.Envelope;
        if (frame.Guide.IsEmpty || !envelope.HasGuideBound)
        {
            return;
        }

        var bound = envelope.GuideBoundSpan;
        var confidence = envelope.GuideConfidence;
        var lambda = confidence?.Lambda(frame.Observation) ?? 1;
        for (var i = 0; i < frame.Action.Length; i++)
        {
            var allowed = confidence is null ? bound[i] : confidence.Bound(i, lambda, bound[i]);
            var up = frame.Guide[i] + allowed;
            var down = frame.Guide[i] - allowed;
            if (frame.Action[i] > up)
            {
                frame.Move(Kind, ShieldReasonCode.AboveGuideBound, i, up);
            }
            else if (frame.Action[i] < down)
            {
                frame.Move(Kind, ShieldReasonCode.BelowGuideBound, i, down);
            }
        }
    }
}
