using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Last unit, never skipped: clamps into the engineering limits and the move limit from the plant's
/// current value. Engineering limits win where the two disagree (only possible when the plant is already outside
/// them, a decision that is shed anyway). NaN-safe: a NaN action is replaced by the lower bound.</summary>
internal sealed class HardClampUnit : ShieldUnit
{
    public override ShieldUnitKind Kind => ShieldUnitKind.HardClamp;

    public override void Apply(ref ShieldFrame frame)
    {
        var eng = frame.Engineering;
        for (var i = 0; i < frame.Action.Length; i++)
        {
            var lo = eng.Min[i];
            var hi = eng.Max[i];
            var loCode = ShieldReasonCode.ClampedToEngineeringMin;
            var hiCode = ShieldReasonCode.ClampedToEngineeringMax;
            var current = frame.Current[i];
            if (double.IsFinite(current) && current >= lo && current <= hi)
            {
                if (current - eng.MaxMove[i] > lo)
                {
                    lo = current - eng.MaxMove[i];
                    loCode = ShieldReasonCode.ClampedToMoveLimit;
                }

                if (current + eng.MaxMove[i] < hi)
                {
                    hi = current + eng.MaxMove[i];
                    hiCode = ShieldReasonCode.ClampedToMoveLimit;
                }
            }

            var a = frame.Action[i];
            if (a > hi)
            {
                frame.Move(Kind, hiCode, i, hi);
            }
            else if (!(a >= lo))
            {
                frame.Move(Kind, loCode, i, lo);
            }
        }
    }
}
