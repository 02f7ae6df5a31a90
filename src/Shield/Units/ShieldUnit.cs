using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.Shield.Units;

/// <summary>One constraint unit of the ordered shield: sees the state and the action so far, changes the action
/// only with a recorded reason.</summary>
internal abstract class ShieldUnit
{
    /// <summary>Which unit this is (also its position in the fixed order).</summary>
    public abstract ShieldUnitKind Kind { get; }

    /// <summary>Applies the unit to the frame; must not allocate.</summary>
    public abstract void Apply(ref ShieldFrame frame);
}
