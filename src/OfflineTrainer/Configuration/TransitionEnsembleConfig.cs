namespace IndustrialSafeRL.OfflineTrainer.Configuration;

/// <summary>Hyperparameters of the transition-model ensemble (DESIGN §5.2). Every member is an MLP on the
/// normalised observation window plus the normalised action, predicting normalised next-step deltas.</summary>
public sealed record TransitionEnsembleConfig
{
    /// <summary>Number of ensemble members M (default 5).</summary>
    public int Members { get; init; } = 5;

    /// <summary>Hidden layer widths of every member (default 64, 64).</summary>
    public int[] HiddenSizes { get; init; } = [64, 64];

    /// <summary>Fraction of transitions held out for validation and early stopping (default 0.1).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Each member trains on its own bootstrap resample of the training split (default true).</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Minibatch size per member (default 256).</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam learning rate (default 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Gradient steps between two validation checks (one "epoch"; default 200).</summary>
    public int StepsPerEpoch { get; init; } = 200;

    /// <summary>Upper bound on epochs (default 40).</summary>
    public int MaxEpochs { get; init; } = 40;

    /// <summary>Stop when no member's validation loss improved for this many epochs (default 4).
    /// Each member keeps the weights of its own best epoch.</summary>
    public int Patience { get; init; } = 4;

    /// <summary>IB only: advance velocity, gain and shift by the known clipped-add rules and learn only
    /// (fatigue, consumption) (default true). False gives the fully learned variant.</summary>
    public bool KnownKinematics { get; init; } = true;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        Require(Members >= 1, nameof(Members), "must be at least 1");
        Require(HiddenSizes.Length >= 1 && HiddenSizes.All(h => h >= 1), nameof(HiddenSizes), "needs at least one positive width");
        Require(ValidationFraction is > 0 and < 0.5, nameof(ValidationFraction), "must be in (0, 0.5)");
        Require(BatchSize >= 1, nameof(BatchSize), "must be positive");
        Require(LearningRate > 0, nameof(LearningRate), "must be positive");
        Require(StepsPerEpoch >= 1, nameof(StepsPerEpoch), "must be positive");
        Require(MaxEpochs >= 1, nameof(MaxEpochs), "must be positive");
        Require(Patience >= 1, nameof(Patience), "must be positive");
    }

    internal static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{field} {message}", field);
        }
    }
}
