namespace IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

/// <summary>
/// The 2D task of DESIGN §4: state in [0, 10]², action in [−1, 1]² (a displacement), reward
/// exp(−‖s − goal‖² / (2σ²)) with goal (3, 6) and σ = 1.5, 30-step episodes starting uniformly in [6, 9] × [1, 4].
/// </summary>
public sealed record TwoDimensionalTaskOptions
{
    /// <summary>Side of the square state space [0, Size]². Default 10.</summary>
    public double Size { get; init; } = 10.0;

    /// <summary>Goal x. Default 3.</summary>
    public double GoalX { get; init; } = 3.0;

    /// <summary>Goal y. Default 6.</summary>
    public double GoalY { get; init; } = 6.0;

    /// <summary>Width σ of the Gaussian reward. Default 1.5.</summary>
    public double RewardWidth { get; init; } = 1.5;

    /// <summary>Steps per episode. Default 30.</summary>
    public int EpisodeLength { get; init; } = 30;

    /// <summary>Start region x range. Default [6, 9].</summary>
    public double StartXLow { get; init; } = 6.0;

    /// <summary>Upper end of the start x range.</summary>
    public double StartXHigh { get; init; } = 9.0;

    /// <summary>Start region y range. Default [1, 4].</summary>
    public double StartYLow { get; init; } = 1.0;

    /// <summary>Upper end of the start y range.</summary>
    public double StartYHigh { get; init; } = 4.0;

    /// <summary>Frames in the observation history window. Default 30.</summary>
    public int HistoryLength { get; init; } = 30;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(Size > 0) || !double.IsFinite(Size))
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "Size must be a positive number.");
        }

        if (!(RewardWidth > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(RewardWidth), RewardWidth, "The reward width must be positive.");
        }

        if (EpisodeLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(EpisodeLength), EpisodeLength, "At least 1 step per episode.");
        }

        if (HistoryLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLength), HistoryLength, "The history window needs at least 1 frame.");
        }

        if (!(StartXLow >= 0 && StartXLow <= StartXHigh && StartXHigh <= Size))
        {
            throw new ArgumentOutOfRangeException(nameof(StartXLow), StartXLow, "The start x range must lie in [0, Size] with low ≤ high.");
        }

        if (!(StartYLow >= 0 && StartYLow <= StartYHigh && StartYHigh <= Size))
        {
            throw new ArgumentOutOfRangeException(nameof(StartYLow), StartYLow, "The start y range must lie in [0, Size] with low ≤ high.");
        }
    }
}
