using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Policies;

namespace IndustrialSafeRL.IndustrialBenchmark.Evaluation;

/// <summary>How far apart several policies drive the true benchmark from the same start: every policy runs episode e
/// from the reset seed <c>Seed + e</c>, and LSED(a, b) = sqrt(Σ_t Σ_d ((x^a_t,d − x^b_t,d)/scale_d)²) compares their
/// observed (v, g, h, f, c) step by step — the trainer's diversity distance, measured on the simulator instead of
/// the model.</summary>
public static class TrajectorySpread
{
    /// <summary>The compared tags: velocity, gain, shift, fatigue, consumption (frame indices).</summary>
    public static IReadOnlyList<int> Tags { get; } = [1, 2, 3, 4, 5];

    /// <summary>Measures the spread of <paramref name="policies"/> (at least two) over the options' episodes;
    /// <paramref name="scale"/> holds one divisor per compared tag (e.g. the data's standard deviations).</summary>
    public static TrajectorySpreadResult Measure(IReadOnlyList<IIndustrialBenchmarkPolicy> policies, IReadOnlyList<double> scale, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(scale);
        options ??= new EvaluationOptions();
        options.Validate();
        if (policies.Count < 2)
        {
            throw new ArgumentException($"policies: a spread needs at least two policies, got {policies.Count}", nameof(policies));
        }

        if (scale.Count != Tags.Count || scale.Any(s => !(s > 0) || !double.IsFinite(s)))
        {
            throw new ArgumentException($"scale: needs {Tags.Count} positive finite divisors (v, g, h, f, c), got [{string.Join(", ", scale)}]", nameof(scale));
        }

        var k = policies.Count;
        var environment = new IndustrialBenchmarkEnvironment(new IndustrialBenchmarkEnvironmentOptions { HistoryLength = options.HistoryLength });
        var trajectories = new double[k][];
        for (var p = 0; p < k; p++)
        {
            trajectories[p] = new double[options.Steps * Tags.Count];
        }

        var minimum = new double[options.Episodes];
        var mean = new double[options.Episodes];
        Span<double> action = stackalloc double[3];
        for (var episode = 0; episode < options.Episodes; episode++)
        {
            for (var p = 0; p < k; p++)
            {
                environment.Reset(unchecked(options.Seed + (uint)episode), options.Setpoint);
                policies[p].Reset();
                for (var t = 0; t < options.Steps; t++)
                {
                    policies[p].Act(environment.History.Values, action);
                    environment.Step(action);
                    var frame = environment.History.Values; // newest frame first
                    for (var j = 0; j < Tags.Count; j++)
                    {
                        trajectories[p][(t * Tags.Count) + j] = frame[Tags[j]] / scale[j];
                    }
                }
            }

            var smallest = double.PositiveInfinity;
            var sum = 0.0;
            for (var a = 0; a < k; a++)
            {
                for (var b = a + 1; b < k; b++)
                {
                    var distance = Lsed(trajectories[a], trajectories[b]);
                    smallest = Math.Min(smallest, distance);
                    sum += distance;
                }
            }

            minimum[episode] = smallest;
            mean[episode] = sum / (k * (k - 1) / 2);
        }

        return new TrajectorySpreadResult(minimum.Average(), mean.Average(), options.Episodes);
    }

    /// <summary>sqrt of the summed squared differences of two equally long flattened trajectories.</summary>
    public static double Lsed(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"trajectories differ in length ({a.Length} vs {b.Length})", nameof(b));
        }

        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }
}

/// <summary>Spread of several policies' true trajectories.</summary>
/// <param name="MinLsed">Mean over episodes of the smallest pairwise LSED.</param>
/// <param name="MeanLsed">Mean over episodes of the mean pairwise LSED.</param>
/// <param name="Episodes">Episodes measured.</param>
public sealed record TrajectorySpreadResult(double MinLsed, double MeanLsed, int Episodes);
