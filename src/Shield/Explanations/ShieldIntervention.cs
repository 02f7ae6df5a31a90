using System.Globalization;

namespace IndustrialSafeRL.Shield.Explanations;

/// <summary>One intervention of one unit. A plain struct: recording it allocates nothing.</summary>
/// <param name="Unit">The unit that intervened.</param>
/// <param name="Code">Why.</param>
/// <param name="ActionIndex">The action component changed, or −1.</param>
/// <param name="ObservationIndex">The observation dimension concerned, or −1.</param>
/// <param name="Before">The value before the unit (the action component, or the offending observation value).</param>
/// <param name="After">The value after the unit (equal to <paramref name="Before"/> for observation reasons).</param>
public readonly record struct ShieldIntervention(
    ShieldUnitKind Unit, ShieldReasonCode Code, int ActionIndex, int ObservationIndex, double Before, double After)
{
    /// <summary>The fixed text of <see cref="Code"/>.</summary>
    public string ReasonText => ShieldReasons.Text(Code);

    /// <summary>A one-line explanation; formats (and allocates) only when asked.</summary>
    /// <param name="actionTags">Action tags by index, to name the actuator (optional).</param>
    public string Describe(IReadOnlyList<string>? actionTags = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var subject = ActionIndex >= 0
            ? actionTags is not null && ActionIndex < actionTags.Count ? actionTags[ActionIndex] : $"action[{ActionIndex}]"
            : ObservationIndex >= 0 ? $"observation[{ObservationIndex}]" : "input";
        var values = ActionIndex >= 0
            ? string.Create(inv, $" {Before:R} → {After:R}")
            : ObservationIndex >= 0 ? string.Create(inv, $" = {Before:R}") : "";
        var dimension = ActionIndex >= 0 && ObservationIndex >= 0 ? $" (observation[{ObservationIndex}])" : "";
        return $"[{(int)Unit} {Unit}] {Code}: {subject}{values}{dimension}: {ReasonText}";
    }
}
