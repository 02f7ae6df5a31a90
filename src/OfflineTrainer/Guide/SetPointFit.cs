using IndustrialSafeRL.OfflineTrainer.Data;

namespace IndustrialSafeRL.OfflineTrainer.Guide;

/// <summary>Stands in for a PLC guide in training: fits a set-point controller u = clip((target − x)/scale, −1, 1)
/// to the logged (normalised) actions, per action on its controlled tag. Logs mix the controller with exploration
/// and operator moves, so the fit is by consensus: lines through pairs of unsaturated samples (seeded draws) are
/// scored by how many of all samples the clipped line reproduces within <see cref="Tolerance"/>; the best line is
/// refitted by least squares on its unsaturated inliers. target = −c₀/c₁, scale = −1/c₁.</summary>
public static class SetPointFit
{
    /// <summary>Samples with |u| at or above this are clipped by the controller and carry no slope.</summary>
    public const double Saturation = 0.98;

    /// <summary>A sample agrees with a candidate controller when |u − clip(c₀ + c₁x)| is below this.</summary>
    public const double Tolerance = 0.01;

    /// <summary>Candidate lines drawn per action.</summary>
    public const int Candidates = 2000;

    /// <summary>Minimum unsaturated inliers per action.</summary>
    public const int MinimumSamples = 10;

    /// <summary>Minimum share of all logged samples the fitted controller must reproduce (a random line through
    /// unrelated actions reproduces about 1 %).</summary>
    public const double MinimumShare = 0.1;

    /// <summary>Fits the stand-in controller (kind <c>tag</c>); the draws are seeded, so the fit is repeatable.</summary>
    public static SetPointGuide Fit(TrainingDataset data, PlantLayout layout, IReadOnlyList<int> observationIndex, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(observationIndex);
        var a = layout.ActionWidth;
        var targets = new double[a];
        var scales = new double[a];
        for (var j = 0; j < a; j++)
        {
            var xs = new List<double>();
            var us = new List<double>();
            var centre = (layout.ActionHigh[j] + layout.ActionLow[j]) / 2;
            var half = (layout.ActionHigh[j] - layout.ActionLow[j]) / 2;
            foreach (var episode in data.Episodes)
            {
                for (var t = 0; t < episode.Length; t++)
                {
                    xs.Add(episode.Frames[t][observationIndex[j]]);
                    us.Add((episode.Actions[t][j] - centre) / half);
                }
            }

            var free = Enumerable.Range(0, xs.Count).Where(i => Math.Abs(us[i]) < Saturation).ToArray();
            var random = new Random(seed + j);
            var best = (C0: 0.0, C1: 0.0, Inliers: -1);
            for (var c = 0; c < Candidates && free.Length >= 2; c++)
            {
                var p = free[random.Next(free.Length)];
                var q = free[random.Next(free.Length)];
                var dx = xs[q] - xs[p];
                if (Math.Abs(dx) < 1e-9)
                {
                    continue;
                }

                var c1 = (us[q] - us[p]) / dx;
                if (!(c1 < 0))
                {
                    continue;
                }

                var c0 = us[p] - (c1 * xs[p]);
                var inliers = 0;
                for (var i = 0; i < xs.Count; i++)
                {
                    if (Math.Abs(Math.Clamp(c0 + (c1 * xs[i]), -1, 1) - us[i]) < Tolerance)
                    {
                        inliers++;
                    }
                }

                if (inliers > best.Inliers)
                {
                    best = (c0, c1, inliers);
                }
            }

            var keep = free.Where(i => best.Inliers >= 0 && Math.Abs(best.C0 + (best.C1 * xs[i]) - us[i]) < Tolerance).ToArray();
            var (f0, f1) = keep.Length >= MinimumSamples ? LeastSquares(xs, us, keep) : (0.0, 0.0);
            if (keep.Length < MinimumSamples || best.Inliers < MinimumShare * xs.Count || !(f1 < 0) || !double.IsFinite(f0))
            {
                throw new InvalidDataException(
                    $"tag guide: no set-point controller fits the logged actions of '{layout.ActionTags[j]}' on '{layout.ObservationTags[observationIndex[j]]}' "
                    + $"(the best falling line reproduces {Math.Max(0, best.Inliers)} of {xs.Count} samples, {keep.Length} of them unsaturated; at least "
                    + $"{MinimumShare:P0} and {MinimumSamples} needed); configure a setpoint or pid guide instead");
            }

            targets[j] = -f0 / f1;
            scales[j] = -1 / f1;
        }

        return new SetPointGuide("tag", observationIndex, targets, scales);
    }

    private static (double C0, double C1) LeastSquares(List<double> xs, List<double> us, int[] rows)
    {
        double n = rows.Length, sx = 0, su = 0, sxx = 0, sxu = 0;
        foreach (var i in rows)
        {
            sx += xs[i];
            su += us[i];
            sxx += xs[i] * xs[i];
            sxu += xs[i] * us[i];
        }

        var varX = sxx - (sx * sx / n);
        var c1 = varX > 1e-12 ? (sxu - (sx * su / n)) / varX : 0;
        return ((su - (c1 * sx)) / n, c1);
    }
}
