using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Unit 5: keeps |a − a_guide| within the envelope's bound, when a guide action is given and the active
/// policy has a guide bound.</summary>
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
        for (var i = 0; i < frame.Action.Length; i++)
        {
            var up = frame.Guide[i] + bound[i];
            var down = frame.Guide[i] - bound[i];
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
