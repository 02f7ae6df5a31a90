using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;

namespace IndustrialSafeRL.Controller.Host.Policies;

/// <summary>Loads, validates and warms up policy packages into an ensemble ready to stage. Never on the control loop.</summary>
public sealed class PolicyLoader(PlantTagMapping tags, PolicySessionOptions sessionOptions, int historyCapacity)
{
    /// <summary>The history window the host keeps; a package needing a longer one is refused.</summary>
    public int HistoryCapacity => historyCapacity;

    /// <summary>Loads every directory (first = champion); throws <see cref="PolicyPackageException"/> naming the field at fault.</summary>
    public PolicyEnsemble Load(IReadOnlyList<string> directories, EnsembleRule rule)
    {
        ArgumentNullException.ThrowIfNull(directories);
        var sessions = new List<PolicySession>();
        try
        {
            PolicyPackage? firstGuided = null;
            foreach (var directory in directories)
            {
                var package = PolicyPackage.Load(directory, tags);
                if (package.Manifest.Observation.HistoryLength > historyCapacity)
                {
                    throw new PolicyPackageException(package.Directory,
                        [$"observation.historyLength: {package.Manifest.Observation.HistoryLength} frames, the host keeps {historyCapacity}"]);
                }

                CheckGuideTags(package, tags);
                if (package.Manifest.GuideInput is not null)
                {
                    CheckSameGuideTags(package, firstGuided ??= package);
                }

                sessions.Add(PolicySession.Open(package, sessionOptions));
            }

            return new PolicyEnsemble(sessions, rule);
        }
        catch
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// A package whose graph takes a guide input perturbs the PLC's own controller's action, read each cycle from the
    /// guide tags its manifest names (<c>guide.tags</c>, one per action): every one of them must be a configured guide
    /// tag. Throws <see cref="PolicyPackageException"/> naming each missing tag; packages without a guide input pass.
    /// </summary>
    public static void CheckGuideTags(PolicyPackage package, PlantTagMapping tags)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(tags);
        var m = package.Manifest;
        if (m.GuideInput is null)
        {
            return;
        }

        var configured = tags.GuideTags.Count == 0 ? "none is configured" : $"configured: {string.Join(", ", tags.GuideTags)}";
        var errors = new List<string>();
        var guideTags = m.Guide?.Tags ?? [];
        if (guideTags.Count != m.Action.Tags.Count)
        {
            errors.Add($"guide.tags: the guide input '{m.GuideInput.Name}' needs one guide tag per action ({m.Action.Tags.Count}), the manifest names {guideTags.Count}");
        }

        for (var i = 0; i < guideTags.Count; i++)
        {
            if (!tags.GuideTags.Contains(guideTags[i], StringComparer.Ordinal))
            {
                errors.Add($"guide.tags[{i}]: guide tag '{guideTags[i]}' (the PLC's guide action for '{m.Action.Tags[Math.Min(i, m.Action.Tags.Count - 1)]}') is not mapped under Controller:Tags:Guides ({configured})");
            }
        }

        if (errors.Count > 0)
        {
            throw new PolicyPackageException(package.Directory, errors);
        }
    }

    /// <summary>Members with a guide input share one guide per cycle, so each plant action must read the same guide tag in all of them.</summary>
    private static void CheckSameGuideTags(PolicyPackage package, PolicyPackage first)
    {
        var errors = new List<string>();
        for (var i = 0; i < package.Manifest.Action.Tags.Count; i++)
        {
            var plant = package.ActionIndex[i];
            var j = first.ActionIndex.ToList().IndexOf(plant);
            var mine = package.Manifest.Guide!.Tags[i];
            var theirs = first.Manifest.Guide!.Tags[j];
            if (!string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                errors.Add($"guide.tags[{i}]: '{mine}' guides '{package.Manifest.Action.Tags[i]}', but {first.DisplayName} reads '{theirs}' for it; ensemble members share one guide");
            }
        }

        if (errors.Count > 0)
        {
            throw new PolicyPackageException(package.Directory, errors);
        }
    }
}
