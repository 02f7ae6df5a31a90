using System.Globalization;

namespace IndustrialSafeRL.Cli.Demo;

/// <summary>
/// Published returns on the IB datasets under the evaluation protocol (DESIGN §9, read off published figures, about
/// ±1 %): the behaviour policy and the best published offline method per dataset.
/// </summary>
public static class DemoAnchors
{
    private static readonly Dictionary<string, (double Behaviour, double Best, string Method)> Table = new(StringComparer.Ordinal)
    {
        ["bad-0"] = (-317, -75, "LION"),
        ["bad-0.2"] = (-288, -95, "LION"),
        ["bad-0.4"] = (-229, -102, "WSBC"),
        ["bad-0.6"] = (-151, -78, "LION"),
        ["bad-0.8"] = (-122, -70, "WSBC"),
        ["mediocre-0"] = (-74, -71, "published best"),
        ["mediocre-0.2"] = (-79, -65, "published best"),
        ["mediocre-0.4"] = (-76, -68, "published best"),
        ["mediocre-0.6"] = (-74, -68, "published best"),
        ["mediocre-0.8"] = (-73, -62, "published best"),
        ["optimized-0"] = (-59.5, -59.4, "published best"),
        ["optimized-0.2"] = (-59.7, -58.2, "published best"),
        ["optimized-0.4"] = (-60.8, -58.5, "published best"),
        ["optimized-0.6"] = (-62.1, -58.3, "published best"),
        ["optimized-0.8"] = (-63.2, -58.6, "published best"),
    };

    /// <summary>The anchors of a behaviour policy at ε, when published.</summary>
    public static (double Behaviour, double Best, string Method)? For(string policy, double epsilon) =>
        Table.TryGetValue($"{policy}-{epsilon.ToString("0.##", CultureInfo.InvariantCulture)}", out var a) ? a : null;

    /// <summary>The protocol's physical limit for a time-invariant policy (exact optimisation with the true simulator).</summary>
    public const double TimeInvariantLimit = -56.49;
}
