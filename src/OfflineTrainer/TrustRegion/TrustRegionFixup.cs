using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.OfflineTrainer.Torch;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.TrustRegion;

/// <summary>What the fixup phase did.</summary>
/// <param name="Steps">Gradient steps taken.</param>
/// <param name="Passes">Full passes over the logged windows (the last one found no violation).</param>
/// <param name="MaxBefore">max D_k over all logged windows before the fixup.</param>
/// <param name="MaxAfter">max D_k over all logged windows after it (≤ (1 − slack)·ε).</param>
public sealed record TrustRegionFixupResult(int Steps, int Passes, double[] MaxBefore, double[] MaxAfter);

/// <summary>The trust region could not be restored within <see cref="TrustRegionConfig.MaxFixupSteps"/> steps.</summary>
public sealed class TrustRegionFixupException(string message) : InvalidOperationException(message);

/// <summary>The FixPO fixup phase: full passes over every logged window in minibatches of
/// <see cref="TrustRegionConfig.FixupBatch"/>; on each minibatch where some D_k(s) exceeds the target
/// (1 − slack)·ε, one gradient step on Σ_k [policy k violates] mean_B D_k (D only: the return is not looked at).
/// Passes repeat until one finds no violation, which is exactly max D_k ≤ target over all logged windows for every k.
/// D = 0 at the predecessor's weights, so the phase can always get there; a step cap turns a pathological case into
/// a clear error instead of a hang.</summary>
public static class TrustRegionFixup
{
    /// <summary>Runs the phase with its own Adam (fresh moments; <paramref name="learningRate"/> and
    /// <paramref name="gradientClip"/> are normally the search's).</summary>
    public static TrustRegionFixupResult Run(PolicySet policies, PolicyDivergence divergence, TrustRegionConfig config,
        double learningRate, double gradientClip, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(divergence);
        ArgumentNullException.ThrowIfNull(config);
        var target = (1 - config.FixupSlack) * config.Epsilon;
        var before = divergence.MaxOverAll(policies);
        if (before.All(d => d <= target))
        {
            return new TrustRegionFixupResult(0, 1, before, before);
        }

        using var optimizer = new AdamOptimizer(policies.Network.Parameters, learningRate, gradientClip);
        var steps = 0;
        var passes = 0;
        var clean = false;
        while (!clean)
        {
            passes++;
            clean = true;
            for (var start = 0; start < divergence.States; start += config.FixupBatch)
            {
                cancellation.ThrowIfCancellationRequested();
                CollectionPause.Renew();
                using var scope = NewDisposeScope();
                var count = Math.Min(config.FixupBatch, divergence.States - start);
                var d = divergence.On(policies, arange(start, start + count, dtype: ScalarType.Int64));
                var violating = (d.detach().amax(1) > target).to_type(ScalarType.Float32);
                if (violating.sum().item<float>() == 0)
                {
                    continue;
                }

                clean = false;
                if (steps >= config.MaxFixupSteps)
                {
                    var now = divergence.MaxOverAll(policies);
                    var at = Array.IndexOf(now, now.Max());
                    throw new TrustRegionFixupException(
                        $"trust-region fixup: max D of policy {at} is still {now[at]:G4} > ε {config.Epsilon:G4} after " +
                        $"{config.MaxFixupSteps} steps (TrustRegion.MaxFixupSteps); raise MaxFixupSteps or ε, or lower the search's learning rate or steps");
                }

                var loss = (violating * d.mean([1])).sum();
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                steps++;
            }
        }

        return new TrustRegionFixupResult(steps, passes, before, divergence.MaxOverAll(policies));
    }
}
