namespace IndustrialSafeRL.IndustrialBenchmark.Dynamics;

/// <summary>
/// Every state column of SPEC, named as in the golden trajectory files, and a copy of the simulator's state into
/// that column order (used by traces and by the golden tests).
/// </summary>
public static class IndustrialBenchmarkStateColumns
{
    /// <summary>The column names, in the golden files' order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "p", "v", "g", "h", "he", "f", "fb", "hv", "hg", "ve", "ge", "coc",
        "o_0", "o_1", "o_2", "o_3", "o_4", "o_5", "o_6", "o_7", "o_8", "o_9",
        "oc", "MC", "gs_domain", "gs_sys_response", "gs_phi_idx", "c", "cost", "reward",
        "sp_steps", "sp_step", "sp_change",
    ];

    /// <summary>The columns that hold integers (compared exactly).</summary>
    public static IReadOnlySet<string> IntegerNames { get; } =
        new HashSet<string>(StringComparer.Ordinal) { "gs_domain", "gs_sys_response", "gs_phi_idx", "sp_steps", "sp_step" };

    /// <summary>Number of columns.</summary>
    public static int Count => Names.Count;

    /// <summary>Writes the simulator's state into <paramref name="destination"/> in column order.</summary>
    public static void Read(IndustrialBenchmarkSimulator simulator, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        if (destination.Length < Count)
        {
            throw new ArgumentException($"destination needs {Count} slots, got {destination.Length}", nameof(destination));
        }

        var i = 0;
        destination[i++] = simulator.Setpoint;
        destination[i++] = simulator.Velocity;
        destination[i++] = simulator.Gain;
        destination[i++] = simulator.Shift;
        destination[i++] = simulator.EffectiveShift;
        destination[i++] = simulator.Fatigue;
        destination[i++] = simulator.BasicFatigue;
        destination[i++] = simulator.LatentVelocityFatigue;
        destination[i++] = simulator.LatentGainFatigue;
        destination[i++] = simulator.EffectiveVelocity;
        destination[i++] = simulator.EffectiveGain;
        destination[i++] = simulator.CurrentOperationalCost;
        foreach (var value in simulator.OperationalCostHistory)
        {
            destination[i++] = value;
        }

        destination[i++] = simulator.OperationalCost;
        destination[i++] = simulator.MisCalibrationValue;
        destination[i++] = simulator.Domain;
        destination[i++] = simulator.SystemResponse;
        destination[i++] = simulator.PhiIndex;
        destination[i++] = simulator.Consumption;
        destination[i++] = simulator.Cost;
        destination[i++] = simulator.Reward;
        destination[i++] = simulator.SetpointSequenceLength;
        destination[i++] = simulator.SetpointSequenceStep;
        destination[i] = simulator.SetpointChange;
    }
}
