using IndustrialSafeRL.IndustrialBenchmark.Environment;

namespace IndustrialSafeRL.IndustrialBenchmark.Policies;

/// <summary>Shape checks shared by the benchmark's policies.</summary>
internal static class PolicyArguments
{
    public static void Check(ReadOnlySpan<double> history, Span<double> action)
    {
        if (history.Length < IndustrialBenchmarkObservation.Size || history.Length % IndustrialBenchmarkObservation.Size != 0)
        {
            throw new ArgumentException(
                $"history must hold whole frames of {IndustrialBenchmarkObservation.Size} numbers, got {history.Length}", nameof(history));
        }

        if (action.Length != 3)
        {
            throw new ArgumentException($"action must have 3 slots, got {action.Length}", nameof(action));
        }
    }
}
