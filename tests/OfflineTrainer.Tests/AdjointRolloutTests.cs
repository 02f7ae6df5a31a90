using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Guide;
using IndustrialSafeRL.OfflineTrainer.Losses;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>The hand-written reverse sweep of <see cref="AdjointRollout"/> computes autograd's gradient through
/// <see cref="ModelRollout"/>, and the search uses it exactly where it applies.</summary>
public sealed class AdjointRolloutTests
{
    public AdjointRolloutTests() => TorchSetup.Ensure();

    public enum Plant
    {
        /// <summary>IB tags: v, g, h by their clipped-add rule, f and c predicted, expression reward.</summary>
        KnownKinematics,

        /// <summary>IB tags, every tag predicted by the models.</summary>
        FullyLearned,

        /// <summary>Tags the trainer does not know: fully learned dynamics and a learned reward.</summary>
        Generic,

        /// <summary>As <see cref="Generic"/>, with the set-point varied too: no tag is held constant.</summary>
        GenericEveryTagPredicted,
    }

    [Theory]
    [InlineData(Plant.KnownKinematics)]
    [InlineData(Plant.FullyLearned)]
    [InlineData(Plant.Generic)]
    [InlineData(Plant.GenericEveryTagPredicted)]
    public void The_hand_written_sweep_gives_autograds_gradient(Plant plant)
    {
        using var scope = NewDisposeScope();
        var config = TrainerFixtures.Tiny() with { HistoryLength = 5 };
        if (plant == Plant.FullyLearned)
        {
            config = config with { Ensemble = config.Ensemble with { KnownKinematics = false } };
        }

        var data = ToyPlant.Dataset(4, 60, 0.3, 5);
        var generic = plant is Plant.Generic or Plant.GenericEveryTagPredicted;
        if (generic)
        {
            var episodes = plant == Plant.Generic ? data.Episodes
                : [.. data.Episodes.Select(e => e with { Frames = [.. e.Frames.Select((f, i) => f.Select((x, j) => j == 0 ? x + (0.01 * i) : x).ToArray())] })];
            data = TrainingDataset.Create(["s0", "s1", "s2", "s3", "s4", "s5"], ["u0", "u1", "u2"], episodes);
        }

        var layout = PlantLayout.Derive(data, config);
        Assert.Equal(generic, layout.RewardWeights is null);
        Assert.Equal(plant != Plant.GenericEveryTagPredicted, layout.Dynamics.Any(r => r.Kind == TagKind.Constant));
        Assert.Equal(plant == Plant.KnownKinematics, layout.Dynamics.Any(r => r.Kind == TagKind.KnownAdd));
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [12, 12], 11);
        using var policies = new PolicySet(layout, 3, [10, 10], 9);
        using (no_grad())
        {
            // Push the gain action to its limit, so the clipped-add rule clips within the horizon and the clip's
            // gradient mask is exercised.
            policies.Network.Bias(2).select(2, 1).fill_(3);
        }

        const int horizon = 12;
        var starts = windows.Windows(tensor(new long[] { 3, 40, 77, 120, 150, 200 })).view(2, 3, layout.HistoryLength, layout.ObservationWidth);
        var low = full(layout.ObservationWidth, -0.5f);
        var high = full(layout.ObservationWidth, 0.5f);
        Tensor Loss(Tensor rewards, Tensor states) => PolicySearchLoss.Compute(
            RolloutReturn.Compute(rewards, 0.97), BoundsPenalty.Compute(states, low, high, 0.97), MinLsed.Compute(states), 0.7, 0.3);

        var reference = ModelRollout.Run(starts, policies, ensemble, null, horizon);
        var referenceLoss = Loss(reference.Rewards, reference.States);
        var expected = autograd.grad([referenceLoss], [.. policies.Network.Parameters]);

        var (sweep, statesValue, rewardsValue) = AdjointRollout.Run(starts, policies, ensemble, horizon);
        Assert.Equal(generic, rewardsValue is not null);
        var states = statesValue.requires_grad_();
        var rewards = rewardsValue?.requires_grad_();
        var loss = Loss(rewards ?? sweep.ExpressionRewards(states), states);
        var leaves = rewards is null ? new[] { states } : [states, rewards];
        var leafGradients = autograd.grad([loss], leaves);
        var actual = sweep.ParameterGradients(leafGradients[0], rewards is null ? null : leafGradients[1]);

        // The same rollout: states equal, then the same loss.
        Assert.True((statesValue.detach() - reference.States.detach()).abs().max().item<float>() < 1e-5, "states differ");
        // Relative: the loss is a float32 sum of order 100 here, and the two paths round their products differently.
        var (expectedLoss, actualLoss) = (referenceLoss.item<float>(), loss.item<float>());
        Assert.True(Math.Abs(expectedLoss - actualLoss) <= 1e-5 * Math.Max(1, Math.Abs(expectedLoss)), $"loss {actualLoss} against {expectedLoss}");
        if (plant == Plant.KnownKinematics)
        {
            // The gain reaches its upper clip: raw 100 is the clip's normalised upper bound.
            var gain = data.ObservationIndex("gain");
            var top = (float)((100 - layout.ObservationMean[gain]) / layout.ObservationStd[gain]);
            Assert.True(statesValue.select(3, gain).ge(top - 1e-4f).any().item<bool>(), "no step reached the clip");
        }

        Assert.Equal(expected.Count, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            var scale = expected[i].abs().max().item<float>();
            Assert.True(scale > 1e-6, $"parameter {i} got no gradient from autograd");
            var error = (actual[i] - expected[i]).abs().max().item<float>();
            Assert.True(error <= 1e-4 * scale, $"parameter {i}: max error {error} against max |g| {scale}");
        }

        // The sweep runs once.
        Assert.Throws<InvalidOperationException>(() => sweep.ParameterGradients(leafGradients[0], rewards is null ? null : leafGradients[1]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_search_step_with_the_sweep_matches_the_autograd_step(bool parallel)
    {
        using var toy = new ToySearchSetup(16);
        var search = new PolicySearchConfig { Policies = 3, Horizon = 10, StartWindows = 8, Steps = 2, LearningRate = 1e-2, ParallelHalves = parallel };
        var threads = get_num_threads();
        set_num_threads(2);
        try
        {
            (PolicySearchStep Step, double Norm, bool Adjoint) Train(bool adjoint)
            {
                using var policies = new PolicySet(toy.Layout, 3, [16, 16], 9);
                using var run = new PolicySearch(policies, toy.Ensemble, toy.Windows, toy.Safety, search with { AdjointSweep = adjoint }, 12);
                return (run.TrainStep(1.0), run.LastGradientNorm, run.UsesAdjointSweep);
            }

            var autograd = Train(false);
            var adjoint = Train(true);
            Assert.False(autograd.Adjoint);
            Assert.True(adjoint.Adjoint);
            Assert.Equal(autograd.Step.Loss, adjoint.Step.Loss, 4);
            Assert.Equal(autograd.Step.MinLsed, adjoint.Step.MinLsed, 4);
            Assert.True(autograd.Norm > 1e-3, "a real gradient");
            Assert.True(Math.Abs(autograd.Norm - adjoint.Norm) <= 1e-4 * autograd.Norm, $"gradient norm {autograd.Norm} vs {adjoint.Norm}");
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    [Fact]
    public void One_policy_with_a_learned_reward_and_no_safety_term_trains_through_the_sweep()
    {
        // The loss then does not depend on the states at all (no MinLSED for K = 1, no penalty, the reward learned):
        // autograd gives no state gradient, and the sweep must take zeros for it.
        var data = ToyPlant.Dataset(4, 60, 0.3, 5);
        data = TrainingDataset.Create(["s0", "s1", "s2", "s3", "s4", "s5"], ["u0", "u1", "u2"], data.Episodes);
        var layout = PlantLayout.Derive(data, TrainerFixtures.Tiny() with { HistoryLength = 5 });
        Assert.Null(layout.RewardWeights);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [12, 12], 11);
        using var policies = new PolicySet(layout, 1, [10, 10], 9);
        var safety = new SafetyModel(SafetyMode.Off, StateBounds.FromData(data, new SafetyConfig()), null);
        var search = new PolicySearchConfig { Policies = 1, Horizon = 6, StartWindows = 4, Steps = 1, ParallelHalves = false };
        using var run = new PolicySearch(policies, ensemble, windows, safety, search, 3);
        Assert.True(run.UsesAdjointSweep);
        var before = policies.Network.Snapshot();
        run.TrainStep(1.0);
        Assert.True(run.LastGradientNorm > 1e-6, "the learned reward's gradient reached the policy");
        Assert.NotEqual(before[0], policies.Network.Snapshot()[0]);
    }

    [Fact]
    public void The_search_takes_the_sweep_only_where_it_computes_the_whole_gradient()
    {
        using var toy = new ToySearchSetup(8);
        var search = new PolicySearchConfig { Policies = 2, Horizon = 4, StartWindows = 4, Steps = 1 };
        bool Uses(PolicySearchConfig config, SafetyModel safety, GuideController? guide = null)
        {
            using var policies = new PolicySet(toy.Layout, 2, [8], 1, guide);
            using var run = new PolicySearch(policies, toy.Ensemble, toy.Windows, safety, config, 1, guide is null ? null : new GuideConfig());
            return run.UsesAdjointSweep;
        }

        Assert.True(Uses(search, toy.Safety));
        Assert.True(Uses(search, toy.Safety with { Mode = SafetyMode.Off }));
        Assert.False(Uses(search with { AdjointSweep = false }, toy.Safety));
        Assert.False(Uses(search with { AlphaUncertainty = 0.1 }, toy.Safety));
        using var behaviour = new BehaviourModel(toy.Layout, [8], 1);
        Assert.False(Uses(search, toy.Safety with { Mode = SafetyMode.Likelihood, Behaviour = behaviour }));
        Assert.False(Uses(search, toy.Safety, new SetPointGuide("setpoint", [1, 2, 3], [25, 25, 25], [1, 10, 5.75])));
    }
}
