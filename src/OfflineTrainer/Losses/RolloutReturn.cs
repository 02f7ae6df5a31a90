using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Losses;

/// <summary>J_k = mean over start windows (and members) of Σ_t γ^t r_t.</summary>
public static class RolloutReturn
{
    /// <summary>rewards [K, B, H] → J [K].</summary>
    public static Tensor Compute(Tensor rewards, double gamma)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        using var scope = NewDisposeScope();
        var weights = Discount.Weights(rewards.shape[^1], gamma, rewards.device);
        return (rewards * weights).sum(-1).mean([1]).MoveToOuterDisposeScope();
    }
}
