using IndustrialSafeRL.IndustrialBenchmark.Dynamics;

namespace IndustrialSafeRL.IndustrialBenchmark.Environment;

/// <summary>The observable part of the benchmark, (p, v, g, h, f, c), as the gym wrapper and the datasets expose it.</summary>
public readonly record struct IndustrialBenchmarkObservation(
    double Setpoint, double Velocity, double Gain, double Shift, double Fatigue, double Consumption)
{
    /// <summary>Numbers per observation frame.</summary>
    public const int Size = 6;

    /// <summary>The observation tags, in frame order (the OPC UA tag names).</summary>
    public static IReadOnlyList<string> Tags { get; } = ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"];

    /// <summary>The action tags, in action order.</summary>
    public static IReadOnlyList<string> ActionTags { get; } = ["delta_velocity", "delta_gain", "delta_shift"];

    /// <summary>The simulator's current observation.</summary>
    public static IndustrialBenchmarkObservation Of(IndustrialBenchmarkSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        return new(simulator.Setpoint, simulator.Velocity, simulator.Gain, simulator.Shift, simulator.Fatigue, simulator.Consumption);
    }

    /// <summary>Writes the 6 numbers into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<double> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"destination needs {Size} slots, got {destination.Length}", nameof(destination));
        }

        destination[0] = Setpoint;
        destination[1] = Velocity;
        destination[2] = Gain;
        destination[3] = Shift;
        destination[4] = Fatigue;
        destination[5] = Consumption;
    }

    /// <summary>The 6 numbers as a new array.</summary>
    public double[] ToArray()
    {
        var values = new double[Size];
        CopyTo(values);
        return values;
    }
}
