namespace IndustrialSafeRL.IndustrialBenchmark.Policies;

/// <summary>
/// A policy for the benchmark: given the observation history window (frames of (p, v, g, h, f, c), newest first)
/// it writes a 3-action (delta velocity, delta gain, delta shift). Behaviour controllers and exported policy
/// packages both implement it, so the evaluation protocol treats them alike.
/// </summary>
public interface IIndustrialBenchmarkPolicy
{
    /// <summary>A short name for reports and dataset rows (e.g. <c>mediocre-0.2</c>).</summary>
    string Name { get; }

    /// <summary>Called at the start of every episode.</summary>
    void Reset();

    /// <summary>Writes the action for the current history into <paramref name="action"/> (3 values).</summary>
    void Act(ReadOnlySpan<double> history, Span<double> action);
}
