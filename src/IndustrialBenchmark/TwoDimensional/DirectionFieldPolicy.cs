using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

/// <summary>
/// The 2D task's behaviour policy: a direction field pointing at the goal (unit length, shortened to the distance
/// when closer than 1) plus independent Gaussian noise of standard deviation <see cref="NoiseStandardDeviation"/>
/// per component, clipped to [−1, 1].
/// </summary>
public sealed class DirectionFieldPolicy : ITwoDimensionalPolicy
{
    private readonly IRandomSource _random;
    private readonly double _goalX;
    private readonly double _goalY;

    /// <summary>A behaviour towards (<paramref name="goalX"/>, <paramref name="goalY"/>).</summary>
    public DirectionFieldPolicy(double goalX, double goalY, double noiseStandardDeviation, IRandomSource random)
    {
        if (double.IsNaN(noiseStandardDeviation) || noiseStandardDeviation < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(noiseStandardDeviation), noiseStandardDeviation, "The noise must be ≥ 0.");
        }

        _goalX = goalX;
        _goalY = goalY;
        NoiseStandardDeviation = noiseStandardDeviation;
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <summary>Default noise of the behaviour (0.5 per component).</summary>
    public const double DefaultNoise = 0.5;

    /// <summary>Standard deviation of the noise.</summary>
    public double NoiseStandardDeviation { get; }

    /// <inheritdoc />
    public string Name => FormattableString.Invariant($"direction-field-{NoiseStandardDeviation:0.###}");

    /// <inheritdoc />
    public void Reset()
    {
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<double> history, Span<double> action)
    {
        if (history.Length < TwoDimensionalEnvironment.ObservationSize || action.Length != TwoDimensionalEnvironment.ActionSize)
        {
            throw new ArgumentException($"history needs whole (x, y) frames and action 2 slots; got {history.Length} and {action.Length}");
        }

        var dx = _goalX - history[0];
        var dy = _goalY - history[1];
        var distance = Math.Sqrt((dx * dx) + (dy * dy));
        var scale = distance > 1.0 ? 1.0 / distance : 1.0;
        var noiseX = NoiseStandardDeviation > 0 ? NoiseStandardDeviation * _random.StandardNormal() : 0.0;
        var noiseY = NoiseStandardDeviation > 0 ? NoiseStandardDeviation * _random.StandardNormal() : 0.0;
        action[0] = Math.Clamp((dx * scale) + noiseX, -1.0, 1.0);
        action[1] = Math.Clamp((dy * scale) + noiseY, -1.0, 1.0);
    }
}
