using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>Unit 6: a state outside the trained support (beyond the margin) means the policy's output cannot be
/// trusted: shed, or hold the plant, as configured.</summary>
internal sealed class DataSupportGuardUnit(OutOfSupportBehaviour behaviour) : ShieldUnit
{
    public override ShieldUnitKind Kind => ShieldUnitKind.DataSupportGuard;

    public override void Apply(ref ShieldFrame frame)
    {
        var lo = frame.Envelope.GuardLo;
        var hi = frame.Envelope.GuardHi;
        var outside = false;
        for (var d = 0; d < frame.Observation.Length; d++)
        {
            var x = frame.Observation[d];
            if (x < lo[d] || x > hi[d])
            {
                frame.Note(Kind, ShieldReasonCode.StateOutsideSupport, d, x);
                outside = true;
            }
        }

        if (!outside)
        {
            return;
        }

        if (behaviour == OutOfSupportBehaviour.Shed)
        {
            frame.ShedFrom(Kind);
        }
        else
        {
            frame.Held = true;
            frame.ReplaceWithHold(Kind, ShieldReasonCode.HeldOutsideSupport);
        }
    }
}
