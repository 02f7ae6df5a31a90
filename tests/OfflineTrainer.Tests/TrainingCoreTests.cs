using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

public sealed class TrainingCoreTests
{
    private static readonly TrainerConfig Config = new() { HistoryLength = 4 };

    public TrainingCoreTests() => TorchSetup.Ensure();

    [Fact]
    public void Ensemble_training_reduces_validation_error_of_every_member()
    {
        var data = ToyPlant.Dataset(10, 100, 0.5, 1);
        var layout = PlantLayout.Derive(data, Config);
        Assert.Equal("known-kinematics", layout.TransitionVariant);
        Assert.Equal([4, 5], layout.PredictedTags);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 3, [32, 32], 11);
        var result = TransitionEnsembleTraining.Train(ensemble, windows, new TransitionEnsembleConfig { Members = 3, StepsPerEpoch = 60, MaxEpochs = 5, BatchSize = 64 }, 3);
        for (var g = 0; g < 3; g++)
        {
            Assert.True(result.BestValidationLoss[g] < 0.5 * result.InitialValidationLoss[g],
                $"member {g}: {result.InitialValidationLoss[g]} → {result.BestValidationLoss[g]}");
        }
    }

    [Fact]
    public void Fully_learned_variant_predicts_every_varying_tag()
    {
        var data = ToyPlant.Dataset(4, 50, 0.5, 2);
        var layout = PlantLayout.Derive(data, Config with { Ensemble = new TransitionEnsembleConfig { KnownKinematics = false } });
        Assert.Equal("fully-learned", layout.TransitionVariant);
        Assert.Equal([1, 2, 3, 4, 5], layout.PredictedTags);
    }

    [Fact]
    public void Known_kinematics_rollout_follows_the_clipped_add_rules()
    {
        var data = ToyPlant.Dataset(3, 40, 0.5, 3);
        var layout = PlantLayout.Derive(data, Config);
        using var ensemble = new TransitionEnsemble(layout, 1, [8], 1);
        // Raw frame v=99.5, g=5, h=50 with normalised actions (+1, −1, +0.5): v → 100 (clip), g → 0 (clip), h → 52.875.
        double[] raw = [70, 99.5, 5, 50, 10, 40];
        var z = raw.Select((x, i) => (float)((x - layout.ObservationMean[i]) / layout.ObservationStd[i])).ToArray();
        using var newest = tensor(z, [1, 1, 6]);
        using var window = newest.repeat(1, 1, 4);
        using var action = tensor(new float[] { 1, -1, 0.5f }, [1, 1, 3]);
        var (next, _) = ensemble.Advance(window, action, newest);
        var values = next.data<float>().ToArray().Select((x, i) => (x * layout.ObservationStd[i]) + layout.ObservationMean[i]).ToArray();
        Assert.Equal(70, values[0], 3);
        Assert.Equal(100, values[1], 3);
        Assert.Equal(0, values[2], 3);
        Assert.Equal(52.875, values[3], 3);
    }

    [Fact]
    public void Bounds_come_from_data_quantiles_and_contain_the_bulk_of_the_data()
    {
        var data = ToyPlant.Dataset(5, 100, 0.3, 4);
        var bounds = StateBounds.FromData(data, new SafetyConfig());
        var frames = data.Episodes.SelectMany(e => e.Frames).ToArray();
        for (var i = 0; i < 6; i++)
        {
            var inside = frames.Count(f => f[i] >= bounds.Low[i] && f[i] <= bounds.High[i]);
            Assert.True(inside >= 0.99 * frames.Length, $"tag {i}: {inside}/{frames.Length}");
            Assert.True(bounds.Low[i] <= bounds.High[i]);
        }
    }

    [Fact]
    public void Bounds_can_cover_every_logged_episode_start()
    {
        // The toy controller pulls v, g, h from the reset (50) to 25: the start frames are outliers the quantiles trim.
        var data = ToyPlant.Dataset(5, 400, 0.3, 4);
        var plain = StateBounds.FromData(data, new SafetyConfig { CoverEpisodeStarts = false });
        var covered = StateBounds.FromData(data, new SafetyConfig { CoverEpisodeStarts = true });
        var firsts = data.Episodes.Select(e => e.Frames[0]).ToArray();
        Assert.Contains(firsts, f => Enumerable.Range(0, 6).Any(i => f[i] > plain.High[i] || f[i] < plain.Low[i]));
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(Math.Min(plain.Low[i], firsts.Min(f => f[i])), covered.Low[i]);
            Assert.Equal(Math.Max(plain.High[i], firsts.Max(f => f[i])), covered.High[i]);
        }

        // A segment resumed mid-run (after a gap or a shed) does not widen the bounds: its first frame is far outside.
        var far = data.Episodes[0] with { Frames = [.. data.Episodes[0].Frames.Select((f, t) => t == 0 ? f.Select(x => x + 1000).ToArray() : f)] };
        var resumed = TrainingDataset.Create(data.ObservationTags, data.ActionTags, [.. data.Episodes, far with { StartsRun = false }]);
        var withResumed = StateBounds.FromData(resumed, new SafetyConfig { CoverEpisodeStarts = true });
        Assert.True(withResumed.High.All(h => h < 500), "the resumed segment's first frame was covered");

        // Fewer runs than the minimum: the quantiles alone, as without the option.
        var few = StateBounds.FromData(data, new SafetyConfig { CoverEpisodeStarts = true }, minimumRuns: 6);
        Assert.Equal(plain.Low, few.Low);
        Assert.Equal(plain.High, few.High);
        Assert.False(few.CoversRunStarts);
        Assert.False(plain.CoversRunStarts);
        Assert.True(covered.CoversRunStarts);
    }

    [Fact]
    public void Episode_start_share_puts_logged_starts_evenly_into_every_member()
    {
        var data = ToyPlant.Dataset(6, 60, 0.3, 7);
        var layout = PlantLayout.Derive(data, Config);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [8], 1);
        using var policies = new PolicySet(layout, 2, [8], 2);
        var safety = new SafetyModel(SafetyMode.Bounds, StateBounds.FromData(data, new SafetyConfig()), null);
        var starts = windows.RunStarts.ToHashSet();
        Assert.Equal(6, starts.Count);

        long[] Indices(double share, int step, int minimum = 1)
        {
            using var search = new PolicySearch(policies, ensemble, windows, safety,
                new PolicySearchConfig { StartWindows = 16, EpisodeStartShare = share, EpisodeStartMinimum = minimum }, 5);
            Assert.Equal(share > 0 && minimum <= 6, search.DrawsEpisodeStarts);
            return search.StartIndices(step);
        }

        for (var step = 0; step < 5; step++)
        {
            var uniform = Indices(0, step);
            var half = Indices(0.5, step);
            var free = new List<long>();
            for (var member = 0; member < 2; member++)
            {
                for (var j = 0; j < 8; j++)
                {
                    var i = (member * 8) + j;
                    if (j % 2 == 1)
                    {
                        Assert.Contains(half[i], starts);
                    }
                    else
                    {
                        free.Add(half[i]);
                    }
                }
            }

            // The other positions hold, in order, the first uniform draws: only the run-start positions are reserved.
            Assert.Equal(uniform.Take(8), free);

            // Fewer logged episodes than the minimum: every start uniform.
            Assert.Equal(uniform, Indices(0.5, step, minimum: 7));
            var all = Indices(1, step);
            Assert.All(all, i => Assert.Contains(i, starts));
            Assert.True(all.Distinct().Count() > 1, "the starts are drawn, not one repeated");
            Assert.True(uniform.Count(starts.Contains) < 8, "uniform draws are mostly not episode starts");
        }
    }

    [Fact]
    public void Member_disagreement_is_zero_for_identical_members_and_grows_with_their_difference()
    {
        var data = ToyPlant.Dataset(4, 60, 0.3, 8);
        var layout = PlantLayout.Derive(data, Config);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [16], 3);
        using var policies = new PolicySet(layout, 2, [8], 4);
        using var indices = tensor(new long[] { 0, 7, 20, 33, 41, 55 });
        using var starts = windows.Windows(indices).view(2, 3, layout.HistoryLength, layout.ObservationWidth);

        double MeanDisagreement()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var rollout = ModelRollout.Run(starts, policies, ensemble, null, 5, disagreement: true);
            Assert.Equal(new long[] { 2, 6, 5 }, rollout.Disagreement!.shape);
            return rollout.Disagreement.mean().item<float>();
        }

        void ChangeMemberOne(Action<Tensor, Tensor> change)
        {
            using var noGrad = no_grad();
            foreach (var p in ensemble.Network.Parameters)
            {
                change(p[1], p[0]);
            }
        }

        // Member 1 a copy of member 0: every row is predicted alike.
        ChangeMemberOne((one, zero) => one.copy_(zero));

        Assert.Equal(0, MeanDisagreement(), 6);
        var safety = new SafetyModel(SafetyMode.Bounds, StateBounds.FromData(data, new SafetyConfig()), null);
        double[][] MemberReturns()
        {
            using var search = new PolicySearch(policies, ensemble, windows, safety, new PolicySearchConfig { Policies = 2, Horizon = 5, StartWindows = 4 }, 1);
            var returns = search.MemberReturns();
            Assert.Equal(2, returns.Length);
            Assert.All(returns, r => Assert.Equal(2, r.Length));
            return returns;
        }

        // Identical members rate every policy alike: the rank score is the mean whatever κ.
        Assert.All(MemberReturns(), r => Assert.Equal(r[0], r[1], 4));
        ChangeMemberOne((one, _) => one.add_(0.05));

        var small = MeanDisagreement();
        ChangeMemberOne((one, _) => one.add_(0.2));

        Assert.True(small > 0, $"perturbed members disagree by {small}");
        Assert.Contains(MemberReturns(), r => Math.Abs(r[0] - r[1]) > 1e-4);
        Assert.True(MeanDisagreement() > small, "a larger difference between the members shows as a larger disagreement");
        // The rollout itself is unchanged by asking for the disagreement.
        using var plain = ModelRollout.Run(starts, policies, ensemble, null, 5).States;
        using var asked = ModelRollout.Run(starts, policies, ensemble, null, 5, disagreement: true).States;
        Assert.True(plain.allclose(asked));
    }

    [Fact]
    public void Rank_score_is_the_member_mean_less_kappa_standard_deviations()
    {
        Assert.Equal(2 - Math.Sqrt(2.0 / 3), IterationTrainer.RankScore([1, 2, 3], 1), 12);
        Assert.Equal(2, IterationTrainer.RankScore([1, 2, 3], 0), 12);
        Assert.Equal(-5, IterationTrainer.RankScore([-5, -5, -5], 3), 12);
        // With κ = 1 a policy the members agree on outranks one with a higher mean and a wide spread; with κ = 0 not.
        Assert.True(IterationTrainer.RankScore([-62, -62.5, -61.5], 1) > IterationTrainer.RankScore([-55, -70, -58], 1));
        Assert.True(IterationTrainer.RankScore([-62, -62.5, -61.5], 0) < IterationTrainer.RankScore([-55, -70, -58], 0));
        Assert.Equal(0, new Configuration.PolicySearchConfig().RankingPessimism); // the default ranks by the mean
    }

    [Fact]
    public void Uncertainty_weight_steers_the_policies_to_where_the_members_agree()
    {
        var data = ToyPlant.Dataset(8, 100, 0.3, 5);
        var layout = PlantLayout.Derive(data, Config);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [32, 32], 11);
        TransitionEnsembleTraining.Train(ensemble, windows, new TransitionEnsembleConfig { Members = 2, StepsPerEpoch = 50, MaxEpochs = 4, BatchSize = 64 }, 3);
        var safety = new SafetyModel(SafetyMode.Off, StateBounds.FromData(data, new SafetyConfig()), null);
        using var starts = windows.Windows(tensor(Enumerable.Range(0, 16).Select(i => (long)(i * 37)).ToArray())).view(2, 8, layout.HistoryLength, layout.ObservationWidth);

        double Disagreement(double alphaUncertainty)
        {
            using var policies = new PolicySet(layout, 2, [16, 16], 9);
            var config = new PolicySearchConfig { Policies = 2, Horizon = 15, StartWindows = 16, Steps = 40, LearningRate = 3e-3, AlphaUncertainty = alphaUncertainty, ParallelHalves = false };
            using var search = new PolicySearch(policies, ensemble, windows, safety, config, 12);
            search.Run(config.Steps, 0);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return ModelRollout.Run(starts, policies, ensemble, null, 15, disagreement: true).Disagreement!.mean().item<float>();
        }

        var free = Disagreement(0);
        var held = Disagreement(5);
        Assert.True(held < free, $"disagreement with α_u 5: {held}, without: {free}");
    }

    [Fact]
    public void Policy_search_improves_the_model_return_and_is_deterministic()
    {
        var data = ToyPlant.Dataset(8, 100, 0.3, 5);
        var layout = PlantLayout.Derive(data, Config);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [32, 32], 11);
        TransitionEnsembleTraining.Train(ensemble, windows, new TransitionEnsembleConfig { Members = 2, StepsPerEpoch = 50, MaxEpochs = 4, BatchSize = 64 }, 3);
        using var behaviour = new BehaviourModel(layout, [16, 16], 5);
        behaviour.Fit(windows, new SafetyConfig { BehaviourSteps = 150, BehaviourBatchSize = 64 }, 6);
        var safety = new SafetyModel(SafetyMode.Bounds, StateBounds.FromData(data, new SafetyConfig()), behaviour);
        var config = new PolicySearchConfig { Policies = 2, Horizon = 15, StartWindows = 16, Steps = 30, LearningRate = 3e-3 };

        double[] Run()
        {
            using var policies = new PolicySet(layout, 2, [16, 16], 9);
            policies.WarmStartFrom(behaviour, 0.02, 10);
            using var search = new PolicySearch(policies, ensemble, windows, safety, config, 12);
            var before = search.Evaluate().Returns.Average();
            search.Run(config.Steps, 1.0);
            var after = search.Evaluate().Returns.Average();
            Assert.True(after > before, $"model return {before} → {after}");
            return [.. search.History.Select(h => h.Loss)];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Likelihood_safety_sets_delta_at_the_data_percentile()
    {
        var data = ToyPlant.Dataset(4, 100, 0.2, 6);
        var layout = PlantLayout.Derive(data, Config);
        using var windows = new WindowedData(data, layout);
        using var behaviour = new BehaviourModel(layout, [16, 16], 5);
        behaviour.Fit(windows, new SafetyConfig { BehaviourSteps = 100, BehaviourBatchSize = 64, LikelihoodPercentile = 5 }, 6);
        var ll = behaviour.LogLikelihoodOnData(windows);
        var below = ll.Count(v => v < behaviour.Delta);
        Assert.InRange(below / (double)ll.Length, 0.04, 0.06);
    }
}
