using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Guide;

/// <summary>What the guide floor found: the guide's own model-estimated return, each policy's before the floor,
/// and the pull s_k each policy is exported with (1 = unchanged, 0 = the guide itself).</summary>
public sealed record GuideFloorOutcome(double GuideReturn, IReadOnlyList<double> ReturnsBefore, IReadOnlyList<double> Shrink)
{
    /// <summary>The lowest return the floor accepts without a pull.</summary>
    public double Threshold { get; init; } = GuideReturn;
}

/// <summary>
/// The guide floor (PAG's promise that learning starts no worse than the plant's own controller, made checkable):
/// after the search, each guided policy is compared with its guide in the same model rollouts from the same start
/// windows. A policy the ensemble rates below the guide by more than the tolerance (a fraction of |J_guide|) is
/// pulled towards it, a_g + s·(π − a_g), with the largest s of <see cref="Candidates"/> rated within the tolerance.
/// s = 0 is the guide exactly, so no exported guided policy is rated below its guide by more than the tolerance by
/// the models it was trained in.
/// </summary>
public static class GuideFloor
{
    /// <summary>The pulls tried, largest first (the last, 0, always qualifies).</summary>
    public static IReadOnlyList<double> Candidates { get; } = [1, 0.75, 0.5, 0.25, 0];

    /// <summary>Chooses and sets <see cref="PolicySet.Shrink"/> of the search's guided policies on <paramref name="starts"/>.</summary>
    public static GuideFloorOutcome Apply(PolicySearch search, Tensor starts, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(starts);
        var policies = search.Policies;
        if (policies.Guide is null)
        {
            throw new InvalidOperationException("the guide floor needs guided policies");
        }

        var k = policies.Count;
        Array.Fill(policies.Shrink, 0.0);
        // Every policy is the guide here: one figure (the K copies are identical).
        var guideReturn = search.Evaluate(starts).Returns[0];
        var threshold = guideReturn - (tolerance * Math.Abs(guideReturn));
        var chosen = Enumerable.Repeat(double.NaN, k).ToArray();
        double[] before = [];
        foreach (var s in Candidates.Where(c => c > 0))
        {
            Array.Fill(policies.Shrink, s);
            var returns = search.Evaluate(starts).Returns;
            if (s == 1)
            {
                before = [.. returns];
            }

            for (var j = 0; j < k; j++)
            {
                if (double.IsNaN(chosen[j]) && returns[j] >= threshold)
                {
                    chosen[j] = s;
                }
            }
        }

        for (var j = 0; j < k; j++)
        {
            policies.Shrink[j] = double.IsNaN(chosen[j]) ? 0 : chosen[j];
        }

        return new GuideFloorOutcome(guideReturn, before, [.. policies.Shrink]) { Threshold = threshold };
    }
}
