using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Losses;

/// <summary>Safety (a): Pen_k = mean over starts of Σ_t γ^t max(0, δ − log β(a_t|s_t)).</summary>
public static class LikelihoodHinge
{
    /// <summary>logLikelihood [K, B, H] → Pen [K].</summary>
    public static Tensor Compute(Tensor logLikelihood, double delta, double gamma)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        using var scope = NewDisposeScope();
        var weights = Discount.Weights(logLikelihood.shape[2], gamma, logLikelihood.device);
        return ((delta - logLikelihood).relu() * weights).sum(-1).mean([1]).MoveToOuterDisposeScope();
    }

    /// <summary>log N(a; μ, diag σ²) summed over action dimensions: [..., A] → [...].</summary>
    public static Tensor GaussianLogLikelihood(Tensor action, Tensor mean, Tensor logStd)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logStd);
        using var scope = NewDisposeScope();
        var z = (action - mean) * (-logStd).exp();
        return ((z.square() * -0.5) - logStd - (0.5 * Math.Log(2 * Math.PI))).sum(-1).MoveToOuterDisposeScope();
    }
}
