namespace IndustrialSafeRL.IndustrialBenchmark.Evaluation;

/// <summary>
/// The evaluation protocol of DESIGN §4, the one behind the published numbers: setpoint 70, the constructor's
/// reset state, 100 steps, discount 0.97, reward / 100, mean over at least 100 episodes.
/// </summary>
public sealed record EvaluationOptions
{
    /// <summary>Episodes (each from a freshly seeded reset). Default 100.</summary>
    public int Episodes { get; init; } = 100;

    /// <summary>Steps per episode. Default 100.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Setpoint. Default 70.</summary>
    public double Setpoint { get; init; } = 70.0;

    /// <summary>Discount γ of the return. Default 0.97.</summary>
    public double Discount { get; init; } = 0.97;

    /// <summary>Factor applied to every reward. Default 0.01 (reward / 100, as in the published numbers).</summary>
    public double RewardScale { get; init; } = 0.01;

    /// <summary>Seed of episode 0; episode e resets with seed <c>Seed + e</c> (mod 2³²). Default 0.</summary>
    public uint Seed { get; init; }

    /// <summary>Frames in the history window the policy sees. Default 30.</summary>
    public int HistoryLength { get; init; } = 30;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Episodes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Episodes), Episodes, "At least 2 episodes are needed for a standard error.");
        }

        if (Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "At least 1 step per episode.");
        }

        if (double.IsNaN(Setpoint) || Setpoint < 0.0 || Setpoint > 100.0)
        {
            throw new ArgumentOutOfRangeException(nameof(Setpoint), Setpoint, "The setpoint must lie in [0, 100].");
        }

        if (double.IsNaN(Discount) || Discount <= 0.0 || Discount > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(Discount), Discount, "The discount must lie in (0, 1].");
        }

        if (!double.IsFinite(RewardScale) || RewardScale <= 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(RewardScale), RewardScale, "The reward scale must be a positive number.");
        }

        if (HistoryLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLength), HistoryLength, "The history window needs at least 1 frame.");
        }
    }
}
