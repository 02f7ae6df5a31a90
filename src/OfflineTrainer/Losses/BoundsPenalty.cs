using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Losses;

/// <summary>Safety (b): Pen_k = mean over starts of Σ_t γ^t Σ_d (relu(s − hi) + relu(lo − s))², zero inside the bounds.</summary>
public static class BoundsPenalty
{
    /// <summary>states [K, B, H, D], bounds [D] (same units) → Pen [K].</summary>
    public static Tensor Compute(Tensor states, Tensor low, Tensor high, double gamma)
    {
        ArgumentNullException.ThrowIfNull(states);
        using var scope = NewDisposeScope();
        var excess = (states - high).relu() + (low - states).relu();
        var weights = Discount.Weights(states.shape[2], gamma, states.device);
        return (excess.square().sum(-1) * weights).sum(-1).mean([1]).MoveToOuterDisposeScope();
    }
}
