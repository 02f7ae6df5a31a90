using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Packages;
using Microsoft.Extensions.Options;

namespace IndustrialSafeRL.Controller.Host.Configuration;

/// <summary>
/// Checks <see cref="ControllerOptions"/> on start: every failure names the option (as its configuration path) and
/// what is wrong, so a bad file stops start-up with one readable line instead of a stack trace.
/// </summary>
public sealed class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Check(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem, each starting with the option's configuration path.</summary>
    public static IReadOnlyList<string> Check(ControllerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        const string s = ControllerOptions.Section;
        var errors = new List<string>();
        void Error(string field, string problem) => errors.Add($"{s}:{field}: {problem}");

        if (!Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme != "opc.tcp")
        {
            Error("Endpoint", $"must be an opc.tcp:// URL, is '{o.Endpoint}'");
        }

        if (!string.Equals(o.Security, "None", StringComparison.Ordinal))
        {
            Error("Security", $"'{o.Security}' is not supported: the OPC UA client of this build speaks SecurityPolicy None only (keep the link on a segmented network)");
        }

        if (o.CycleTime < TimeSpan.FromMilliseconds(10) || o.CycleTime > TimeSpan.FromHours(1))
        {
            Error("CycleTime", $"must be between 00:00:00.010 and 01:00:00, is {o.CycleTime}");
        }

        if (!Enum.TryParse<ControllerMode>(o.Mode, ignoreCase: true, out _) || int.TryParse(o.Mode, out _))
        {
            Error("Mode", $"unknown mode '{o.Mode}' (Off, Shadow, Advisory or Auto)");
        }

        if (!Enum.TryParse<EnsembleRule>(o.Ensemble, ignoreCase: true, out _) || int.TryParse(o.Ensemble, out _))
        {
            Error("Ensemble", $"unknown rule '{o.Ensemble}' (Champion, Mean or Median)");
        }

        if (string.IsNullOrWhiteSpace(o.Store))
        {
            Error("Store", "must name the transition store file");
        }

        if (string.IsNullOrWhiteSpace(o.AuditLog))
        {
            Error("AuditLog", "must name the audit trail file");
        }

        if (o.StaleAfter <= TimeSpan.Zero)
        {
            Error("StaleAfter", $"must be positive, is {o.StaleAfter}");
        }

        if (o.MaxLogLagCycles < 1)
        {
            Error("MaxLogLagCycles", $"must be at least 1, is {o.MaxLogLagCycles}");
        }

        if (!string.IsNullOrEmpty(o.HealthUrl)
            && (!Uri.TryCreate(o.HealthUrl, UriKind.Absolute, out var health) || health.Scheme != "http" || !health.IsLoopback))
        {
            Error("HealthUrl", $"must be an http:// URL on a loopback address (or empty to disable), is '{o.HealthUrl}'");
        }

        CheckTags(o.Tags, Error);
        for (var i = 0; i < o.Reward.Count; i++)
        {
            if (!o.Tags.Observations.Any(t => t.Name == o.Reward[i].Tag))
            {
                Error($"Reward:{i}:Tag", $"'{o.Reward[i].Tag}' is not an observation tag");
            }

            if (!double.IsFinite(o.Reward[i].Weight))
            {
                Error($"Reward:{i}:Weight", "must be finite");
            }
        }

        foreach (var problem in o.Gate.Validate())
        {
            errors.Add($"{s}:Gate:{problem}");
        }

        CheckHandshake(o.Handshake, Error);
        CheckResilience(o.Resilience, o.CycleTime, Error);

        if (o.Packages.Count == 0)
        {
            Error("Packages", "name at least one policy package directory");
        }
        else if (errors.Count == 0)
        {
            var mapping = TagMapping(o.Tags);
            for (var i = 0; i < o.Packages.Count; i++)
            {
                try
                {
                    PolicyLoader.CheckGuideTags(PolicyPackage.Load(o.Packages[i], mapping), mapping);
                }
                catch (PolicyPackageException e)
                {
                    Error($"Packages:{i}", $"{e.Directory}: {string.Join("; ", e.Errors)}");
                }
            }
        }

        return errors;
    }

    /// <summary>The plant tag mapping the configured tags describe.</summary>
    public static PlantTagMapping TagMapping(TagOptions tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return new PlantTagMapping([.. tags.Observations.Select(t => t.Name)], [.. tags.Actuators.Select(t => t.Name)], [.. tags.Guides.Select(t => t.Name)]);
    }

    private static void CheckTags(TagOptions tags, Action<string, string> error)
    {
        if (tags.Observations.Count == 0)
        {
            error("Tags:Observations", "name at least one observation tag");
        }

        if (tags.Actuators.Count == 0)
        {
            error("Tags:Actuators", "name at least one actuator tag");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Observations.Count; i++)
        {
            var t = tags.Observations[i];
            CheckTag($"Tags:Observations:{i}", t.Name, t.NodeId, names, error);
        }

        var actuatorNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Actuators.Count; i++)
        {
            var a = tags.Actuators[i];
            var field = $"Tags:Actuators:{i}";
            CheckTag(field, a.Name, a.NodeId, actuatorNames, error);
            if (!double.IsFinite(a.Min) || !double.IsFinite(a.Max))
            {
                error($"{field}:Min", $"Min ({a.Min}) and Max ({a.Max}) of '{a.Name}' must be finite");
            }
            else if (a.Min > a.Max)
            {
                error($"{field}:Min", $"Min ({a.Min}) > Max ({a.Max}) for '{a.Name}'");
            }
        }

        var guideNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Guides.Count; i++)
        {
            var g = tags.Guides[i];
            CheckTag($"Tags:Guides:{i}", g.Name, g.NodeId, guideNames, error);
        }
    }

    private static void CheckTag(string field, string name, string nodeId, HashSet<string> names, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            error($"{field}:Name", "is missing");
        }
        else if (!names.Add(name))
        {
            error($"{field}:Name", $"'{name}' appears twice");
        }

        if (string.IsNullOrWhiteSpace(nodeId))
        {
            error($"{field}:NodeId", $"is missing for tag '{name}'");
        }
    }

    private static void CheckHandshake(HandshakeOptions h, Action<string, string> error)
    {
        if (h.Required)
        {
            if (string.IsNullOrWhiteSpace(h.PermissiveNodeId))
            {
                error("Handshake:PermissiveNodeId", "is missing (the handshake is required)");
            }

            if (string.IsNullOrWhiteSpace(h.LifeBitNodeId))
            {
                error("Handshake:LifeBitNodeId", "is missing (the handshake is required)");
            }

            if (string.IsNullOrWhiteSpace(h.HeartbeatNodeId))
            {
                error("Handshake:HeartbeatNodeId", "is missing (the handshake is required)");
            }
        }

        if (h.LifeBitFreezeCycles < 2)
        {
            error("Handshake:LifeBitFreezeCycles", $"must be at least 2, is {h.LifeBitFreezeCycles}");
        }
    }

    private static void CheckResilience(ResilienceOptions r, TimeSpan cycle, Action<string, string> error)
    {
        if (r.IoTimeout < TimeSpan.FromMilliseconds(10) || r.IoTimeout >= cycle)
        {
            error("Resilience:IoTimeout", $"must be at least 00:00:00.010 and shorter than CycleTime ({cycle}), is {r.IoTimeout}");
        }

        if (r.BreakerFailures < 2)
        {
            error("Resilience:BreakerFailures", $"must be at least 2, is {r.BreakerFailures}");
        }

        if (r.BreakerBreak < TimeSpan.FromMilliseconds(500))
        {
            error("Resilience:BreakerBreak", $"must be at least 00:00:00.5 (Polly's minimum), is {r.BreakerBreak}");
        }

        if (r.ReconnectDelay <= TimeSpan.Zero || r.ReconnectMaxDelay < r.ReconnectDelay)
        {
            error("Resilience:ReconnectDelay", $"must be positive and at most ReconnectMaxDelay ({r.ReconnectMaxDelay}), is {r.ReconnectDelay}");
        }

        if (r.ConnectTimeout <= TimeSpan.Zero)
        {
            error("Resilience:ConnectTimeout", $"must be positive, is {r.ConnectTimeout}");
        }
    }
}
