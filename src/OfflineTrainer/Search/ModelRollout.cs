using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>Differentiable lock-step rollouts: start windows [M, n, L, D] (window j rolled out in member j / n),
/// all K policies from the same window in the same member, H steps.</summary>
public static class ModelRollout
{
    /// <summary>Rollout tensors, each with B = M·n start windows, ordered member-major within B.</summary>
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
        var w = l * d;

        // Member-major layout [M, K·n, ...]: the ensemble runs as one bmm per layer; the policies need [K, M·n, ...],
        // one transposing copy of the window per step. The history is one tensor shifted by a frame per step
        // (narrow + cat): two autograd nodes per step instead of one per frame.
        var history = starts.unsqueeze(1).expand(m, k, n, l, d).reshape(m, k * n, l, d);
        var newest = history.select(2, l - 1);
        var frames = new List<Tensor>(horizon);
        var rewards = new List<Tensor>(horizon);
        var likelihood = behaviour is null ? null : new List<Tensor>(horizon);
        for (var t = 0; t < horizon; t++)
        {
            var window = history.view(m, k * n, w);
            var policyWindow = window.view(m, k, n, w).transpose(0, 1).reshape(k, m * n, w);
            var policyAction = policies.Act(policyWindow);
            var action = policyAction.view(k, m, n, -1).transpose(0, 1).reshape(m, k * n, -1);
            var (next, reward) = ensemble.Advance(window, action, newest);
            likelihood?.Add(behaviour!.LogLikelihood(policyWindow, policyAction));
            frames.Add(next);
            rewards.Add(reward);
            newest = next;
            if (t + 1 < horizon)
            {
                history = l > 1 ? cat([history.narrow(2, 1, l - 1), next.unsqueeze(2)], 2) : next.unsqueeze(2);
            }
        }

        // Back to policy-major [K, B, ...] once, after the loop.
        var states = stack(frames, 2).view(m, k, n, horizon, d).transpose(0, 1).reshape(k, m * n, horizon, d);
        var rewardTensor = stack(rewards, 2).view(m, k, n, horizon).transpose(0, 1).reshape(k, m * n, horizon);
        return new Result(rewardTensor, states, likelihood is null ? null : stack(likelihood, 2));
    }
}
