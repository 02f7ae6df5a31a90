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
        // The history is one [K, M, n, L, D] tensor shifted by one frame per step (narrow + cat): two autograd
        // nodes per step instead of one per frame, which a stack of the last L frames would cost in backward.
        var history = starts.unsqueeze(0).expand(k, m, n, l, d);
        var newest = history.select(3, l - 1);
        var frames = new List<Tensor>(horizon);
        var rewards = new List<Tensor>(horizon);
        var likelihood = behaviour is null ? null : new List<Tensor>(horizon);
        for (var t = 0; t < horizon; t++)
        {
            var window = history.reshape(k, m, n, l * d);
            var action = policies.Act(window.view(k, m * n, l * d)).view(k, m, n, -1);
            var (next, reward) = ensemble.Advance(window, action, newest);
            likelihood?.Add(behaviour!.LogLikelihood(window.view(k, m * n, l * d), action.view(k, m * n, -1)));
            frames.Add(next);
            rewards.Add(reward.view(k, m * n));
            newest = next;
            if (t + 1 < horizon)
            {
                history = l > 1 ? cat([history.narrow(3, 1, l - 1), next.unsqueeze(3)], 3) : next.unsqueeze(3);
            }
        }

        var states = stack(frames, 3).view(k, m * n, horizon, d);
        return new Result(stack(rewards, 2), states, likelihood is null ? null : stack(likelihood, 2));
    }
}
