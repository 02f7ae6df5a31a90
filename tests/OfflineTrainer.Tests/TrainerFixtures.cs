using IndustrialSafeRL.OfflineTrainer.Configuration;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>Small configurations that keep the end-to-end tests within seconds.</summary>
internal static class TrainerFixtures
{
    public static TrainerConfig Tiny(SafetyMode safety = SafetyMode.Bounds) => new()
    {
        Seed = 3,
        Threads = 1,
        HistoryLength = 4,
        Ensemble = new TransitionEnsembleConfig { Members = 2, HiddenSizes = [16, 16], StepsPerEpoch = 30, MaxEpochs = 3, Patience = 2, BatchSize = 64 },
        Safety = new SafetyConfig { Mode = safety, BehaviourHiddenSizes = [16, 16], BehaviourSteps = 60, BehaviourBatchSize = 64 },
        Search = new PolicySearchConfig { Policies = 2, Horizon = 10, StartWindows = 8, Steps = 24, CheckpointEvery = 8 },
    };

    public static string TempDir() => Directory.CreateTempSubdirectory("isrl-trainer-").FullName;
}
