using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

/// <summary>
/// The 2D task (<see cref="TwoDimensionalTaskOptions"/>) with the benchmark's API: reset with a seed, step with an
/// action, an observation history window (frames (x, y), newest first). Steps allocate nothing.
/// </summary>
public sealed class TwoDimensionalEnvironment
{
    /// <summary>Numbers per observation frame (x, y).</summary>
    public const int ObservationSize = 2;

    /// <summary>Numbers per action (dx, dy).</summary>
    public const int ActionSize = 2;

    private readonly NumpyLegacyRandom _random = new(0);
    private readonly double[] _frame = new double[ObservationSize];

    /// <summary>An environment with the given options (defaults: the DESIGN task).</summary>
    public TwoDimensionalEnvironment(TwoDimensionalTaskOptions? options = null)
    {
        Options = options ?? new TwoDimensionalTaskOptions();
        Options.Validate();
        History = new ObservationHistory(Options.HistoryLength, ObservationSize);
        Reset(0);
    }

    /// <summary>The observation tags.</summary>
    public static IReadOnlyList<string> Tags { get; } = ["x", "y"];

    /// <summary>The action tags.</summary>
    public static IReadOnlyList<string> ActionTags { get; } = ["dx", "dy"];

    /// <summary>The options in force.</summary>
    public TwoDimensionalTaskOptions Options { get; }

    /// <summary>Position x.</summary>
    public double X { get; private set; }

    /// <summary>Position y.</summary>
    public double Y { get; private set; }

    /// <summary>Steps since the last reset.</summary>
    public int StepCount { get; private set; }

    /// <summary>True once the episode length is reached.</summary>
    public bool Done => StepCount >= Options.EpisodeLength;

    /// <summary>The last frames (x, y), newest first.</summary>
    public ObservationHistory History { get; }

    /// <summary>Starts an episode uniformly in the start region, drawn from a generator seeded with <paramref name="seed"/>.</summary>
    public (double X, double Y) Reset(uint seed)
    {
        _random.Seed(seed);
        X = Options.StartXLow + ((Options.StartXHigh - Options.StartXLow) * _random.Uniform());
        Y = Options.StartYLow + ((Options.StartYHigh - Options.StartYLow) * _random.Uniform());
        StepCount = 0;
        _frame[0] = X;
        _frame[1] = Y;
        History.Reset(_frame);
        return (X, Y);
    }

    /// <summary>Moves by the action clipped to [−1, 1]², stays inside [0, Size]², and rewards closeness to the goal.</summary>
    public TwoDimensionalStep Step(ReadOnlySpan<double> action)
    {
        if (action.Length != ActionSize)
        {
            throw new ArgumentException($"The action must have {ActionSize} components (dx, dy), got {action.Length}.", nameof(action));
        }

        for (var i = 0; i < ActionSize; i++)
        {
            if (double.IsNaN(action[i]))
            {
                throw new ArgumentException($"action[{i}] ({ActionTags[i]}) is NaN; every action component must be a number.", nameof(action));
            }
        }

        if (Done)
        {
            throw new InvalidOperationException($"the episode ended after {Options.EpisodeLength} steps; call Reset first");
        }

        X = Math.Clamp(X + Math.Clamp(action[0], -1.0, 1.0), 0.0, Options.Size);
        Y = Math.Clamp(Y + Math.Clamp(action[1], -1.0, 1.0), 0.0, Options.Size);
        StepCount++;
        _frame[0] = X;
        _frame[1] = Y;
        History.Push(_frame);
        return new TwoDimensionalStep(X, Y, RewardAt(X, Y), Done);
    }

    /// <summary>exp(−‖(x, y) − goal‖² / (2σ²)).</summary>
    public double RewardAt(double x, double y)
    {
        var dx = x - Options.GoalX;
        var dy = y - Options.GoalY;
        return Math.Exp(-((dx * dx) + (dy * dy)) / (2.0 * Options.RewardWidth * Options.RewardWidth));
    }
}
