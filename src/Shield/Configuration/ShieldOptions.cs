using System.Globalization;

namespace IndustrialSafeRL.Shield.Configuration;

/// <summary>
/// Shield configuration, bound from the <c>Shield</c> configuration section. Plain settable properties so that
/// Microsoft.Extensions.Configuration binding works; <see cref="Validate"/> names every offending field.
/// </summary>
public sealed class ShieldOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Shield";

    /// <summary>Engineering limits per action component, in action order. Required (at least one).</summary>
    public List<ActuatorLimits> Actuators { get; set; } = [];

    /// <summary>Length of the repeated-intervention window in control cycles. Default 100.</summary>
    public int InterventionWindowCycles { get; set; } = 100;

    /// <summary>
    /// Decisions with at least one corrective intervention within the window that trigger a (latched) shed.
    /// Default 25 (a quarter of the default window).
    /// </summary>
    public int MaxInterventionsInWindow { get; set; } = 25;

    /// <summary>
    /// Margin of the data-support guard as a fraction of each dimension's support width (hi − lo): the guard
    /// fires when a state leaves [lo − margin·(hi − lo), hi + margin·(hi − lo)]. Default 0.1.
    /// </summary>
    public double DataSupportMargin { get; set; } = 0.1;

    /// <summary>What the data-support guard does. Default <see cref="OutOfSupportBehaviour.Shed"/>.</summary>
    public OutOfSupportBehaviour OutOfSupport { get; set; } = OutOfSupportBehaviour.Shed;

    /// <summary>Every problem with these options, each naming its field (empty when valid).</summary>
    /// <param name="section">The configuration path to prefix field names with.</param>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new List<string>();
        if (Actuators is null || Actuators.Count == 0)
        {
            errors.Add($"{section}:Actuators: at least one actuator is required");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Actuators.Count; i++)
            {
                ValidateActuator(section, i, Actuators[i], seen, errors);
            }
        }

        if (InterventionWindowCycles < 1)
        {
            errors.Add($"{section}:InterventionWindowCycles: {Show(InterventionWindowCycles)} must be at least 1");
        }

        if (MaxInterventionsInWindow < 1 || MaxInterventionsInWindow > InterventionWindowCycles)
        {
            errors.Add($"{section}:MaxInterventionsInWindow: {Show(MaxInterventionsInWindow)} must be in " +
                       $"[1, InterventionWindowCycles ({Show(InterventionWindowCycles)})]");
        }

        if (!double.IsFinite(DataSupportMargin) || DataSupportMargin < 0)
        {
            errors.Add($"{section}:DataSupportMargin: {Show(DataSupportMargin)} must be a finite number ≥ 0");
        }

        if (!Enum.IsDefined(OutOfSupport))
        {
            errors.Add($"{section}:OutOfSupport: {OutOfSupport} is not one of Shed, Hold");
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public void ThrowIfInvalid(string section = SectionName)
    {
        var errors = Validate(section);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }
    }

    private static void ValidateActuator(string section, int index, ActuatorLimits? a, HashSet<string> seen, List<string> errors)
    {
        if (a is null)
        {
            errors.Add($"{section}:Actuators:{Show(index)}: missing");
            return;
        }

        var path = $"{section}:Actuators:{(string.IsNullOrWhiteSpace(a.Tag) ? Show(index) : a.Tag)}";
        if (string.IsNullOrWhiteSpace(a.Tag))
        {
            errors.Add($"{path}: Tag is required");
        }
        else if (!seen.Add(a.Tag))
        {
            errors.Add($"{path}: Tag appears more than once");
        }

        var minOk = RequireFinite(path, "Min", a.Min, errors);
        var maxOk = RequireFinite(path, "Max", a.Max, errors);
        if (minOk && maxOk && a.Min > a.Max)
        {
            errors.Add($"{path}: Min ({Show(a.Min)}) > Max ({Show(a.Max)})");
        }

        if (double.IsNaN(a.MaxMovePerCycle) || a.MaxMovePerCycle <= 0)
        {
            errors.Add($"{path}: MaxMovePerCycle ({Show(a.MaxMovePerCycle)}) must be > 0 (PositiveInfinity = no rate limit)");
        }

        var opMin = a.OperatorMin ?? a.Min;
        var opMax = a.OperatorMax ?? a.Max;
        if (a.OperatorMin is { } m && (!double.IsFinite(m) || (minOk && m < a.Min)))
        {
            errors.Add($"{path}: OperatorMin ({Show(m)}) must be a finite number ≥ Min ({Show(a.Min)})");
        }

        if (a.OperatorMax is { } x && (!double.IsFinite(x) || (maxOk && x > a.Max)))
        {
            errors.Add($"{path}: OperatorMax ({Show(x)}) must be a finite number ≤ Max ({Show(a.Max)})");
        }

        if ((a.OperatorMin.HasValue || a.OperatorMax.HasValue) && opMin > opMax)
        {
            errors.Add($"{path}: OperatorMin ({Show(opMin)}) > OperatorMax ({Show(opMax)})");
        }
    }

    private static bool RequireFinite(string path, string field, double value, List<string> errors)
    {
        if (double.IsFinite(value))
        {
            return true;
        }

        errors.Add(double.IsNaN(value)
            ? $"{path}: {field} is required (a finite number)"
            : $"{path}: {field} ({Show(value)}) must be finite");
        return false;
    }

    internal static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Show(int value) => value.ToString(CultureInfo.InvariantCulture);
}
