using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Policies;

/// <summary>
/// The behaviour controllers of the offline-RL datasets (DESIGN §4): drive (v, g, h) towards fixed targets with
/// a = clip([(v* − v)/1, (g* − g)/10, (h* − h)/5.75], −1, 1), and with probability ε take a uniformly random
/// action in [−1, 1]³ instead. With ε = 0 it draws nothing and is deterministic.
/// </summary>
public sealed class SetPointController : IIndustrialBenchmarkPolicy
{
    /// <summary>Divisor of the velocity error (one unit of action moves v by 1).</summary>
    public const double VelocityGainDivisor = 1.0;

    /// <summary>Divisor of the gain error (one unit of action moves g by 10).</summary>
    public const double GainDivisor = 10.0;

    /// <summary>Divisor of the shift error (one unit of action moves h by about 5.75).</summary>
    public const double ShiftDivisor = 5.75;

    private readonly IRandomSource _random;

    /// <summary>A controller towards (<paramref name="velocity"/>, <paramref name="gain"/>, <paramref name="shift"/>).</summary>
    public SetPointController(string name, double velocity, double gain, double shift, double epsilon, IRandomSource random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (double.IsNaN(epsilon) || epsilon < 0.0 || epsilon > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon (the share of random actions) must lie in [0, 1].");
        }

        Name = name;
        TargetVelocity = velocity;
        TargetGain = gain;
        TargetShift = shift;
        Epsilon = epsilon;
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>v*.</summary>
    public double TargetVelocity { get; }

    /// <summary>g*.</summary>
    public double TargetGain { get; }

    /// <summary>h*.</summary>
    public double TargetShift { get; }

    /// <summary>Probability of a uniformly random action.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public void Reset()
    {
    }

    /// <inheritdoc />
    public void Act(ReadOnlySpan<double> history, Span<double> action)
    {
        PolicyArguments.Check(history, action);
        if (Epsilon > 0.0 && _random.Uniform() < Epsilon)
        {
            RandomPolicy.Draw(_random, action);
            return;
        }

        // Newest frame first: (p, v, g, h, f, c).
        action[0] = Math.Clamp((TargetVelocity - history[1]) / VelocityGainDivisor, -1.0, 1.0);
        action[1] = Math.Clamp((TargetGain - history[2]) / GainDivisor, -1.0, 1.0);
        action[2] = Math.Clamp((TargetShift - history[3]) / ShiftDivisor, -1.0, 1.0);
    }
}
