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
    /// <param name="Disagreement">Member disagreement u_t [K, B, H] (<see cref="EnsembleRollout.Disagreement"/>), or null when not asked for.</param>
    public sealed record Result(Tensor Rewards, Tensor States, Tensor? LogLikelihood, Tensor? Disagreement = null);

    /// <summary>Runs the rollout; the result tensors belong to the caller's dispose scope.</summary>
    public static Result Run(Tensor starts, PolicySet policies, TransitionEnsemble ensemble, BehaviourModel? behaviour, int horizon,
        bool disagreement = false)
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
        var a = policies.Layout.ActionWidth;

        // The history is member-major [M, K·n, ...], so the ensemble runs as one batched matmul per layer. The
        // policies run policy-major [K, M·n, ...]: each step transposes the window there and the action back, which
        // costs less than K·M small matmul groups (the policy weights replicated per member) do. Per step the
        // history shifts by one frame (narrow + cat).
        var policy = RolloutNetwork.Prepare(policies.Network);
        var dynamics = ensemble.PrepareRollout();
        // Contiguous: with one window per member the reshape of the expanded starts is a stride-0 view, which the
        // per-step views below cannot regroup.
        var history = starts.unsqueeze(1).expand(m, k, n, l, d).reshape(m, k * n, l, d).contiguous();
        var newest = history.select(2, l - 1);
        var frames = new List<Tensor>(horizon);
        var rewards = dynamics.RewardPerStep ? new List<Tensor>(horizon) : null;
        var windows = behaviour is null ? null : new List<Tensor>(horizon);
        var actions = behaviour is null ? null : new List<Tensor>(horizon);
        var spread = disagreement ? new List<Tensor>(horizon) : null;
        for (var t = 0; t < horizon; t++)
        {
            var window = history.view(m, k * n, w);
            var policyWindow = window.view(m, k, n, w).transpose(0, 1).reshape(k, m * n, w);
            var action = policies.Act(policy, policyWindow).view(k, m, n, a).transpose(0, 1).reshape(m, k * n, a);
            var (next, reward) = dynamics.Advance(window, action, newest);
            spread?.Add(dynamics.Disagreement(window, action));
            frames.Add(next);
            rewards?.Add(reward!);
            windows?.Add(window);
            actions?.Add(action);
            newest = next;
            if (t + 1 < horizon)
            {
                history = l > 1 ? cat([history.narrow(2, 1, l - 1), next.unsqueeze(2)], 2) : next.unsqueeze(2);
            }
        }

        // Back to policy-major [K, B, ...] once, after the loop. The expression reward and the behaviour
        // likelihood need no step-by-step evaluation: one call each over all H steps.
        var states = PolicyMajor(stack(frames, 2), m, k, n);
        var rewardTensor = rewards is null ? dynamics.Rewards(states) : PolicyMajor(stack(rewards, 2), m, k, n);
        Tensor? likelihood = null;
        if (behaviour is not null)
        {
            var allWindows = stack(windows!, 2).view(1, -1, w);
            var allActions = stack(actions!, 2).view(1, -1, a);
            likelihood = PolicyMajor(behaviour.LogLikelihood(allWindows, allActions).view(m, k * n, horizon), m, k, n);
        }

        return new Result(rewardTensor, states, likelihood, spread is null ? null : PolicyMajor(stack(spread, 2), m, k, n));
    }

    // [M, K·n, H, ...] → [K, M·n, H, ...].
    internal static Tensor PolicyMajor(Tensor memberMajor, long m, long k, long n)
    {
        long[] rest = [.. memberMajor.shape.Skip(2)];
        return memberMajor.view([m, k, n, .. rest]).transpose(0, 1).reshape([k, m * n, .. rest]);
    }
}
