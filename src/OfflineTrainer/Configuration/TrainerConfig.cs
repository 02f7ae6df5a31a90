using System.Text.Json;
using System.Text.Json.Serialization;
using IndustrialSafeRL.OfflineTrainer.Guide;

namespace IndustrialSafeRL.OfflineTrainer.Configuration;

/// <summary>Everything one training iteration needs; loadable from JSON (<c>isrl train --config</c>).</summary>
public sealed record TrainerConfig
{
    /// <summary>Master seed; every random draw derives from it (default 1).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Intra-op threads of TorchSharp (default 2). With a fixed seed and thread count a run is repeatable.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Frames of observation history seen by models and policies (default 30, the IB datasets').</summary>
    public int HistoryLength { get; init; } = 30;

    /// <summary>Reward as a linear expression of the next observation, tag → weight (plus <see cref="RewardOffset"/>).
    /// Null: IB tags get −(3·fatigue + consumption)/100, any other plant a learned reward output.</summary>
    public Dictionary<string, double>? RewardWeights { get; init; }

    /// <summary>Constant added to the reward expression (default 0).</summary>
    public double RewardOffset { get; init; }

    /// <summary>Observation tags the diversity distance uses. Null: every tag that varies in the data.</summary>
    public string[]? DiversityTags { get; init; }

    /// <summary>Transition ensemble settings.</summary>
    public TransitionEnsembleConfig Ensemble { get; init; } = new();

    /// <summary>Safety model settings.</summary>
    public SafetyConfig Safety { get; init; } = new();

    /// <summary>Policy search settings.</summary>
    public PolicySearchConfig Search { get; init; } = new();

    /// <summary>ε-retrain start states (disabled by default).</summary>
    public RetrainConfig Retrain { get; init; } = new();
    /// <summary>Trust region against the previous iteration's policies (FixPO); used only with a predecessor.</summary>
    public TrustRegionConfig TrustRegion { get; init; } = new();

    /// <summary>Local guide (PAG) the policies perturb; default none.</summary>
    public GuideConfig Guide { get; init; } = new();

    /// <summary>A small configuration for smoke tests (about a minute on 2 cores for an IB dataset).</summary>
    public static TrainerConfig Quick { get; } = new()
    {
        Ensemble = new TransitionEnsembleConfig { Members = 3, StepsPerEpoch = 100, MaxEpochs = 6, Patience = 2 },
        Safety = new SafetyConfig { BehaviourSteps = 300 },
        Search = new PolicySearchConfig { Horizon = 30, StartWindows = 48, Steps = 40, CheckpointEvery = 20 },
    };

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        TransitionEnsembleConfig.Require(Threads >= 1, nameof(Threads), "must be at least 1");
        TransitionEnsembleConfig.Require(HistoryLength >= 1, nameof(HistoryLength), "must be at least 1");
        Ensemble.Validate();
        Safety.Validate();
        Search.Validate();
        Retrain.Validate();
        TrustRegion.Validate();
        TransitionEnsembleConfig.Require(TrustRegion.Predecessor is null || TrustRegion.Predecessor < Search.Policies,
            $"{nameof(TrustRegion)}.{nameof(TrustRegionConfig.Predecessor)}", "must be below Search.Policies");
        Guide.Validate();
    }

    /// <summary>JSON options used for config files and checkpoints (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads and validates a JSON config; unknown fields are refused by name.</summary>
    public static TrainerConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"config {path}: no such file");
        }

        TrainerConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<TrainerConfig>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"config {path}: {e.Message}", e);
        }

        if (config is null)
        {
            throw new InvalidDataException($"config {path} is empty");
        }

        config.Validate();
        return config;
    }

    /// <summary>Writes the config as JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));
}
