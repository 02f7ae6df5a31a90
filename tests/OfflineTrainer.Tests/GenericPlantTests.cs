using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

public sealed class GenericPlantTests : IDisposable
{
    private readonly string _dir = TrainerFixtures.TempDir();

    public GenericPlantTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainingDataset Renamed(TrainingDataset ib) =>
        TrainingDataset.Create(["sp", "x1", "x2", "x3", "y1", "y2"], ["u1", "u2", "u3"], ib.Episodes);

    [Fact]
    public void Other_tag_lists_get_the_fully_learned_variant_and_a_learned_reward()
    {
        var data = Renamed(ToyPlant.Dataset(4, 60, 0.4, 12));
        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 4 });
        Assert.False(layout.IsIndustrialBenchmark);
        Assert.Equal("fully-learned", layout.TransitionVariant);
        Assert.Null(layout.RewardWeights);
        Assert.Equal(6, layout.ModelOutputs); // five varying tags + the reward

        var outcome = IterationTrainer.Run(data, _dir, TrainerFixtures.Tiny() with { Search = TrainerFixtures.Tiny().Search with { Steps = 4 } });
        var manifest = PolicyManifest.Load(Path.Combine(outcome.Policies[0].Directory, PolicyManifest.FileName));
        Assert.Equal("fully-learned", manifest.Training.TransitionModel);
        Assert.Equal(["u1", "u2", "u3"], manifest.Action.Tags);
        Assert.True(outcome.Models.BestValidationLoss.Zip(outcome.Models.InitialValidationLoss).All(p => p.First < p.Second));
    }

    [Fact]
    public void A_reward_expression_replaces_the_learned_reward_and_bad_tags_are_named()
    {
        var data = Renamed(ToyPlant.Dataset(2, 30, 0.4, 13));
        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 4, RewardWeights = new() { ["y1"] = -0.03, ["y2"] = -0.01 } });
        Assert.Equal(5, layout.ModelOutputs);
        Assert.Equal(-0.03, layout.RewardWeights![4]);
        var error = Assert.Throws<ArgumentException>(() => PlantLayout.Derive(data, new TrainerConfig { RewardWeights = new() { ["nope"] = 1 } }));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }
}
