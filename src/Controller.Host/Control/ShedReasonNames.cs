namespace IndustrialSafeRL.Controller.Host.Control;

/// <summary>Cached names of shed reasons and modes, so hot-path logging and metrics do not format enums.</summary>
public static class ShedReasonNames
{
    private static readonly string[] Reasons = [.. Enum.GetValues<ShedReason>().Select(r => r.ToString())];
    private static readonly string[] Modes = [.. Enum.GetValues<ControllerMode>().Select(m => m.ToString().ToLowerInvariant())];

    /// <summary>The reason's name.</summary>
    public static string Of(ShedReason reason) => Reasons[(int)reason];

    /// <summary>The mode's lower-case name, as transitions record it.</summary>
    public static string Of(ControllerMode mode) => Modes[(int)mode];
}
