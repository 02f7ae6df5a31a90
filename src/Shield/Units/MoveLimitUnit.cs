using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Unit 3: limits the change per cycle relative to the plant's current actuator value. Because the
/// reference is always the plant's value (not the last value written), the shield tracks the plant bumplessly
/// whatever wrote it.</summary>
internal sealed class MoveLimitUnit : ShieldUnit
{
    public override ShieldUnitKind Kind => ShieldUnitKind.MoveLimit;

    public override void Apply(ref ShieldFrame frame)
    {
        var move = frame.Engineering.MaxMove;
        for (var i = 0; i < frame.Action.Length; i++)
        {
            var up = frame.Current[i] + move[i];
            var down = frame.Current[i] - move[i];
            if (frame.Action[i] > up)
            {
                frame.Move(Kind, ShieldReasonCode.MoveUpLimited, i, up);
            }
            else if (frame.Action[i] < down)
            {
                frame.Move(Kind, ShieldReasonCode.MoveDownLimited, i, down);
            }
        }
    }
}
