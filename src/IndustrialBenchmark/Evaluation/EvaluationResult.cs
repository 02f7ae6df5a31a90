namespace IndustrialSafeRL.IndustrialBenchmark.Evaluation;

/// <summary>The discounted return of every episode and their summary.</summary>
public sealed class EvaluationResult
{
    /// <summary>Summarises <paramref name="returns"/> (at least 2).</summary>
    public EvaluationResult(string policyName, IReadOnlyList<double> returns)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Count < 2)
        {
            throw new ArgumentException("at least 2 returns are needed", nameof(returns));
        }

        PolicyName = policyName;
        Returns = returns;
        Mean = returns.Average();
        var mean = Mean;
        StandardDeviation = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1));
        StandardError = StandardDeviation / Math.Sqrt(returns.Count);
        Min = returns.Min();
        Max = returns.Max();
    }

    /// <summary>The evaluated policy's name.</summary>
    public string PolicyName { get; }

    /// <summary>One discounted, scaled return per episode.</summary>
    public IReadOnlyList<double> Returns { get; }

    /// <summary>Mean return.</summary>
    public double Mean { get; }

    /// <summary>Sample standard deviation of the returns.</summary>
    public double StandardDeviation { get; }

    /// <summary>Standard error of the mean.</summary>
    public double StandardError { get; }

    /// <summary>Smallest return.</summary>
    public double Min { get; }

    /// <summary>Largest return.</summary>
    public double Max { get; }
}
