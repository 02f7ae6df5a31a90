namespace IndustrialSafeRL.IndustrialBenchmark.Environment;

/// <summary>Options of <see cref="IndustrialBenchmarkEnvironment"/>, with the standard task's defaults.</summary>
public sealed record IndustrialBenchmarkEnvironmentOptions
{
    /// <summary>Frames in the observation history window. Default 30 (the usual choice in the literature).</summary>
    public int HistoryLength { get; init; } = 30;

    /// <summary>False for the non-stationary setpoint mode. Default true (the standard task).</summary>
    public bool Stationary { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (HistoryLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLength), HistoryLength, "The history window needs at least 1 frame.");
        }
    }
}
