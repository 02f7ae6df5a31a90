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
            foreach (var directory in directories)
            {
                var package = PolicyPackage.Load(directory, tags);
                if (package.Manifest.Observation.HistoryLength > historyCapacity)
                {
                    throw new PolicyPackageException(package.Directory,
                        [$"observation.historyLength: {package.Manifest.Observation.HistoryLength} frames, the host keeps {historyCapacity}"]);
                }

                if (package.Manifest.GuideInput is not null)
                {
                    // The loop has no guide controller to compute the guide action each cycle.
                    throw new PolicyPackageException(package.Directory,
                        [$"guideInput: '{package.Manifest.GuideInput.Name}' needs a guide controller ({package.Manifest.Guide?.Kind}), which the controller host does not run; deploy a package without a guide input"]);
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
}
