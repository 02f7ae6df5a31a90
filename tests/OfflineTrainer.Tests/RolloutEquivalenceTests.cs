using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>The rollout's prepared networks (replicated groups, tanh re-parametrised onto sigmoid, output layer
/// folded into the delta map, reward and likelihood after the loop) compute what the plain step-by-step
/// definition computes, values and gradients.</summary>
public sealed class RolloutEquivalenceTests
{
    public RolloutEquivalenceTests() => TorchSetup.Ensure();

    [Fact]
    public void AddProduct_is_bias_plus_batched_product()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4);
        var w = randn(2, 4, 5);
        var b = randn(2, 1, 5);
        var expected = bmm(x, w) + b;
        Assert.True(RolloutNetwork.AddProduct(b, x, w).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Prepared_tanh_network_equals_the_batched_mlp_it_came_from()
    {
        using var scope = NewDisposeScope();
        using var net = new BatchedMlp(3, 7, [6, 5], 2, HiddenActivation.Tanh, 4);
        var x = randn(3, 9, 7) * 3;
        var prepared = RolloutNetwork.Prepare(net).Forward(x);
        var direct = net.Forward(x);
        Assert.True(prepared.allclose(direct, rtol: 1e-4, atol: 1e-5), $"max diff {(prepared - direct).abs().max().item<float>()}");
    }

    [Theory]
    [InlineData(false, false, 3)]
    [InlineData(true, false, 3)]
    [InlineData(false, true, 3)]
    [InlineData(false, false, 1)]
    public void Rollout_matches_the_step_by_step_definition(bool learnedReward, bool withBehaviour, int windowsPerMember)
    {
        using var scope = NewDisposeScope();
        var data = ToyPlant.Dataset(3, 60, 0.5, 21);
        if (learnedReward)
        {
            data = TrainingDataset.Create(["sp", "x1", "x2", "x3", "y1", "y2"], ["u1", "u2", "u3"], data.Episodes);
        }

        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 4 });
        Assert.Equal(learnedReward, layout.RewardWeights is null);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [12, 12], 3);
        using var policies = new PolicySet(layout, 3, [10, 10], 4);
        using var behaviour = withBehaviour ? new BehaviourModel(layout, [10, 10], 5) : null;
        long[] rows = windowsPerMember == 1 ? [7, 50] : [0, 7, 19, 33, 50, 71];
        var starts = windows.Windows(tensor(rows)).view(2, windowsPerMember, 4, 6);
        const int horizon = 6;

        var fast = ModelRollout.Run(starts, policies, ensemble, behaviour, horizon);
        var fastLoss = fast.Rewards.sum() + (0.1 * fast.States.square().sum()) + (fast.LogLikelihood?.sum() ?? zeros([]));
        var fastGrad = Gradients(fastLoss, policies);

        var (rewards, states, likelihood) = Reference(starts, policies, ensemble, behaviour, horizon);
        var referenceLoss = rewards.sum() + (0.1 * states.square().sum()) + (likelihood?.sum() ?? zeros([]));
        var referenceGrad = Gradients(referenceLoss, policies);

        Assert.True(fast.States.allclose(states, rtol: 1e-4, atol: 1e-4), $"states differ by {(fast.States - states).abs().max().item<float>()}");
        Assert.True(fast.Rewards.allclose(rewards, rtol: 1e-4, atol: 1e-4), $"rewards differ by {(fast.Rewards - rewards).abs().max().item<float>()}");
        if (withBehaviour)
        {
            Assert.True(fast.LogLikelihood!.allclose(likelihood!, rtol: 1e-4, atol: 1e-3));
        }

        for (var i = 0; i < fastGrad.Length; i++)
        {
            var scale = Math.Max(1e-3, referenceGrad[i].abs().max().item<float>());
            var diff = (fastGrad[i] - referenceGrad[i]).abs().max().item<float>();
            Assert.True(diff <= 1e-3 * scale, $"gradient of parameter {i} differs by {diff} (scale {scale})");
        }
    }

    // The definition: per step, each policy acts on its window, the member advances it; no rearrangement.
    private static (Tensor Rewards, Tensor States, Tensor? Likelihood) Reference(Tensor starts, PolicySet policies, TransitionEnsemble ensemble, BehaviourModel? behaviour, int horizon)
    {
        var k = policies.Count;
        var (m, n, l, d) = (starts.shape[0], starts.shape[1], starts.shape[2], starts.shape[3]);
        var rewards = new Tensor[k];
        var states = new Tensor[k];
        var likelihood = new Tensor[k];
        for (var p = 0; p < k; p++)
        {
            var history = starts;
            var r = new List<Tensor>();
            var s = new List<Tensor>();
            var ll = new List<Tensor>();
            for (var t = 0; t < horizon; t++)
            {
                var window = history.reshape(m, n, l * d);
                var all = policies.Act(window.reshape(1, m * n, l * d).expand(k, m * n, l * d));
                var action = all[p].view(m, n, -1);
                var (next, reward) = ensemble.Advance(window, action, history.select(2, l - 1));
                r.Add(reward);
                s.Add(next);
                if (behaviour is not null)
                {
                    ll.Add(behaviour.LogLikelihood(window.reshape(1, m * n, l * d), action.reshape(1, m * n, -1)).view(m, n));
                }

                history = cat([history.narrow(2, 1, l - 1), next.unsqueeze(2)], 2);
            }

            rewards[p] = stack(r, 2).reshape(m * n, horizon);
            states[p] = stack(s, 2).reshape(m * n, horizon, d);
            likelihood[p] = behaviour is null ? zeros([]) : stack(ll, 2).reshape(m * n, horizon);
        }

        return (stack(rewards), stack(states), behaviour is null ? null : stack(likelihood));
    }

    private static Tensor[] Gradients(Tensor loss, PolicySet policies)
    {
        foreach (var p in policies.Network.Parameters)
        {
            p.grad?.zero_();
        }

        loss.backward();
        return [.. policies.Network.Parameters.Select(p => p.grad!.clone())];
    }
}
