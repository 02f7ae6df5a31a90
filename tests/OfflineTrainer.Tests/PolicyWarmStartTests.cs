using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Export;
using IndustrialSafeRL.OfflineTrainer.Search;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

public sealed class PolicyWarmStartTests : IDisposable
{
    private readonly string _dir = TrainerFixtures.TempDir();

    public PolicyWarmStartTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Previous_policies_act_identically_under_the_new_normalisation()
    {
        var config = TrainerFixtures.Tiny() with { Search = TrainerFixtures.Tiny().Search with { Steps = 3 } };
        var first = IterationTrainer.Run(ToyPlant.Dataset(3, 50, 0.2, 14), _dir, config);

        // The next iteration has more and different data: other means and standard deviations.
        var grown = ToyPlant.Dataset(6, 80, 0.7, 15);
        var layout = PlantLayout.Derive(grown, config);
        var previous = PolicyManifest.Load(Path.Combine(first.Policies[1].Directory, PolicyManifest.FileName));
        Assert.NotEqual(previous.Observation.Mean[1], layout.ObservationMean[1], 3);

        using var policies = new PolicySet(layout, config.Search.Policies, config.Safety.BehaviourHiddenSizes, 99);
        Assert.True(PolicyWarmStart.TryLoad(_dir, layout, policies));
        foreach (var vector in previous.TestVectors)
        {
            var output = PolicyExporter.Reference(policies, 1, [.. vector.Input]);
            for (var j = 0; j < output.Length; j++)
            {
                Assert.Equal(vector.Output[j], output[j], 1e-4f);
            }
        }
    }

    [Fact]
    public void A_previous_run_of_another_shape_is_not_used()
    {
        var config = TrainerFixtures.Tiny() with { Search = TrainerFixtures.Tiny().Search with { Steps = 2 } };
        IterationTrainer.Run(ToyPlant.Dataset(2, 40, 0.2, 16), _dir, config);
        var layout = PlantLayout.Derive(ToyPlant.Dataset(2, 40, 0.2, 17), config with { HistoryLength = 5 });
        using var policies = new PolicySet(layout, 2, [16, 16], 1);
        Assert.False(PolicyWarmStart.TryLoad(_dir, layout, policies));
        Assert.False(PolicyWarmStart.TryLoad(Path.Combine(_dir, "missing"), layout, policies));
    }
}
