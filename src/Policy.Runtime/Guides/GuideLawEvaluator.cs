using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Policy.Runtime.History;
using IndustrialSafeRL.Policy.Runtime.Packages;

namespace IndustrialSafeRL.Policy.Runtime.Guides;

/// <summary>
/// Recomputes a package's configured guide (<see cref="GuideLaw"/>) from the plant's observation history, in raw
/// action units and plant action order: the action the policy graph perturbs, and the centre of the shield's
/// guide-deviation bound. Built once per package (off the control loop); <see cref="Act"/> allocates nothing.
/// </summary>
public sealed class GuideLawEvaluator
{
    private readonly int[] observationIndex;
    private readonly int[] actionIndex;
    private readonly double[] targets;
    private readonly double[] kp;
    private readonly double[] ki;
    private readonly double[] kd;
    private readonly double[] centre;
    private readonly double[] half;

    private GuideLawEvaluator(PolicyPackage package, GuideLaw law)
    {
        var m = package.Manifest;
        HistoryLength = m.Observation.HistoryLength;
        var a = m.Action.Tags.Count;
        observationIndex = new int[a];
        for (var j = 0; j < a; j++)
        {
            var column = IndexOf(m.Observation.Tags, law.ObservationTags[j]);
            if (column < 0)
            {
                throw new PolicyPackageException(package.Directory, [$"guide.law.observationTags[{j}]: '{law.ObservationTags[j]}' is not an observation tag"]);
            }

            observationIndex[j] = package.ObservationIndex[column];
        }

        actionIndex = [.. package.ActionIndex];
        targets = [.. law.Targets];
        kp = [.. law.Kp];
        ki = [.. law.Ki];
        kd = [.. law.Kd];
        centre = [.. Enumerable.Range(0, a).Select(j => (m.Action.High[j] + m.Action.Low[j]) / 2)];
        half = [.. Enumerable.Range(0, a).Select(j => (m.Action.High[j] - m.Action.Low[j]) / 2)];
    }

    /// <summary>Frames of history the integral sums over (the policy's window).</summary>
    public int HistoryLength { get; }

    /// <summary>The evaluator of the package's guide law, or null when the package has none (no guide, or a
    /// PLC-tag guide the plant supplies).</summary>
    public static GuideLawEvaluator? For(PolicyPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Manifest.Guide?.Law is { } law ? new GuideLawEvaluator(package, law) : null;
    }

    /// <summary>Writes the guide action (raw units) into <paramref name="guidePlant"/> at the package's actions'
    /// plant positions; other positions are left as they are. Allocates nothing.</summary>
    public void Act(ObservationHistory history, Span<double> guidePlant)
    {
        ArgumentNullException.ThrowIfNull(history);
        for (var j = 0; j < targets.Length; j++)
        {
            var tag = observationIndex[j];
            var newest = targets[j] - history.Frame(0)[tag];
            var sum = 0.0;
            for (var age = 0; age < HistoryLength; age++)
            {
                sum += targets[j] - history.Frame(age)[tag];
            }

            var u = (kp[j] * newest) + (ki[j] * sum);
            if (HistoryLength > 1)
            {
                u += kd[j] * (newest - (targets[j] - history.Frame(1)[tag]));
            }

            guidePlant[actionIndex[j]] = centre[j] + (half[j] * Math.Clamp(u, -1, 1));
        }
    }

    private static int IndexOf(IReadOnlyList<string> tags, string tag)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            if (tags[i] == tag)
            {
                return i;
            }
        }

        return -1;
    }
}
