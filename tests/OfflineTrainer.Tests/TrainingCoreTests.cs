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
                        // The uniform draws are the share-0 draws: the share only replaces its positions.
                        Assert.Equal(uniform[i], half[i]);
                    }
                }
            }

            // Fewer logged episodes than the minimum: every start uniform.
            Assert.Equal(uniform, Indices(0.5, step, minimum: 7));
            var all = Indices(1, step);
            Assert.All(all, i => Assert.Contains(i, starts));
            Assert.True(all.Distinct().Count() > 1, "the starts are drawn, not one repeated");
            Assert.True(uniform.Count(starts.Contains) < 8, "uniform draws are mostly not episode starts");
        }
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
