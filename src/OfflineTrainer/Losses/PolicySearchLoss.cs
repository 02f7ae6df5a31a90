using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Losses;

/// <summary>L = −(1/K) Σ_k J_k + α_s·(1/K) Σ_k Pen_k − α_d·MinLSED, with α_s and α_d already scaled to absolute weights.</summary>
public static class PolicySearchLoss
{
    /// <summary>returns [K], penalties [K], minLsed scalar → scalar loss.</summary>
    public static Tensor Compute(Tensor returns, Tensor penalties, Tensor minLsed, double alphaSafe, double alphaDiversity)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentNullException.ThrowIfNull(penalties);
        ArgumentNullException.ThrowIfNull(minLsed);
        using var scope = NewDisposeScope();
        return ((-returns.mean()) + (alphaSafe * penalties.mean()) - (alphaDiversity * minLsed)).MoveToOuterDisposeScope();
    }

    /// <summary>Absolute weight from a weight relative to |J| at initialisation (floored so a zero return still weighs).</summary>
    public static double Scale(double relativeAlpha, double initialReturn) => relativeAlpha * Math.Max(Math.Abs(initialReturn), 1e-3);
}
