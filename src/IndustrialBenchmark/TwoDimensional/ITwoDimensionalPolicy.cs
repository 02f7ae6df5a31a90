namespace IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

/// <summary>A policy for the 2D task: given the history window (frames (x, y), newest first) it writes (dx, dy).</summary>
public interface ITwoDimensionalPolicy
{
    /// <summary>A short name for reports and dataset rows.</summary>
    string Name { get; }

    /// <summary>Called at the start of every episode.</summary>
    void Reset();

    /// <summary>Writes the action for the current history into <paramref name="action"/> (2 values).</summary>
    void Act(ReadOnlySpan<double> history, Span<double> action);
}
