using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>Differentiable lock-step rollouts: start windows [M, n, L, D] (window j rolled out in member j / n),
/// all K policies from the same window in the same member, H steps.</summary>
public static class ModelRollout
{
    /// <summary>Rollout tensors, each with B = M·n start windows.</summary>
    /// <param name="Rewards">[K, B, H].</param>
    /// <param name="States">Normalised next frames [K, B, H, D].</param>
    /// <param name="LogLikelihood">log β(a_t|s_t) [K, B, H], or null without a behaviour model.</param>
    public sealed record Result(Tensor Rewards, Tensor States, Tensor? LogLikelihood);

    /// <summary>Runs the rollout; the result tensors belong to the caller's dispose scope.</summary>
    public static Result Run(Tensor starts, PolicySet policies, TransitionEnsemble ensemble, BehaviourModel? behaviour, int horizon)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(ensemble);
        var k = policies.Count;
        var m = starts.shape[0];
        var n = starts.shape[1];
        var l = starts.shape[2];
        var d = starts.shape[3];
        var frames = new List<Tensor>(checked((int)l) + horizon);
        for (var j = 0; j < l; j++)
        {
            frames.Add(starts.select(2, j).unsqueeze(0).expand(k, m, n, d));
        }

        var rewards = new List<Tensor>(horizon);
        var likelihood = behaviour is null ? null : new List<Tensor>(horizon);
        for (var t = 0; t < horizon; t++)
        {
            // The window is the last L frames; stacking copies L·D floats per trajectory, cheap next to the matmuls.
            var window = stack(frames.GetRange(frames.Count - (int)l, (int)l), 3).reshape(k, m, n, l * d);
            var action = policies.Act(window.view(k, m * n, l * d)).view(k, m, n, -1);
            var (next, reward) = ensemble.Advance(window, action, frames[^1]);
            likelihood?.Add(behaviour!.LogLikelihood(window.view(k, m * n, l * d), action.view(k, m * n, -1)));
            frames.Add(next);
            rewards.Add(reward.view(k, m * n));
        }

        var states = stack(frames.GetRange((int)l, horizon), 3).view(k, m * n, horizon, d);
        return new Result(stack(rewards, 2), states, likelihood is null ? null : stack(likelihood, 2));
    }
}
