using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>What a policy search on the toy plant needs: 6 episodes of 80 steps, the tiny configuration's layout, a
/// 2-member ensemble (untrained: the tests here are about the step's mechanics) and bounds safety.</summary>
internal sealed class ToySearchSetup : IDisposable
{
    public ToySearchSetup(int ensembleHidden)
    {
        Data = ToyPlant.Dataset(6, 80, 0.3, 5);
        Layout = PlantLayout.Derive(Data, TrainerFixtures.Tiny());
        Windows = new WindowedData(Data, Layout);
        Ensemble = new TransitionEnsemble(Layout, 2, [ensembleHidden, ensembleHidden], 11);
        Safety = new SafetyModel(SafetyMode.Bounds, StateBounds.FromData(Data, new SafetyConfig()), null);
    }

    public TrainingDataset Data { get; }

    public PlantLayout Layout { get; }

    public WindowedData Windows { get; }

    public TransitionEnsemble Ensemble { get; }

    public SafetyModel Safety { get; }

    public void Dispose()
    {
        Ensemble.Dispose();
        Windows.Dispose();
    }
}
