using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Unit 2: clamps the action into the operator limits in force for this decision.</summary>
internal sealed class OperatorLimitUnit : ShieldUnit
{
    public override ShieldUnitKind Kind => ShieldUnitKind.OperatorLimits;

    public override void Apply(ref ShieldFrame frame)
    {
        var min = frame.Operator.MinSpan;
        var max = frame.Operator.MaxSpan;
        for (var i = 0; i < frame.Action.Length; i++)
        {
            if (frame.Action[i] > max[i])
            {
                frame.Move(Kind, ShieldReasonCode.AboveOperatorMax, i, max[i]);
            }
            else if (frame.Action[i] < min[i])
            {
                frame.Move(Kind, ShieldReasonCode.BelowOperatorMin, i, min[i]);
            }
        }
    }
}
