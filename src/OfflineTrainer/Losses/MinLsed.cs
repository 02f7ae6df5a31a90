using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Losses;

/// <summary>Diversity: LSED(τ_a, τ_b) = sqrt(Σ_t ‖s^a_t − s^b_t‖²) (lock-step, same start and member);
/// MinLSED = mean over starts of min over pairs k &lt; l. The gradient flows through the closest pair.</summary>
public static class MinLsed
{
    /// <summary>Keeps sqrt differentiable when two trajectories coincide.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>states [K, B, H, D] → scalar; 0 for K = 1.</summary>
    public static Tensor Compute(Tensor states)
    {
        ArgumentNullException.ThrowIfNull(states);
        using var scope = NewDisposeScope();
        var k = states.shape[0];
        if (k < 2)
        {
            return zeros([], device: states.device).MoveToOuterDisposeScope();
        }

        var pairs = new List<Tensor>();
        for (var a = 0; a < k; a++)
        {
            for (var b = a + 1; b < k; b++)
            {
                pairs.Add(((states[a] - states[b]).square().sum([1, 2]) + Epsilon).sqrt());
            }
        }

        return stack(pairs).min(0).values.mean().MoveToOuterDisposeScope();
    }
}
