using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Policies;

namespace IndustrialSafeRL.IndustrialBenchmark.Evaluation;

/// <summary>Runs the evaluation protocol (<see cref="EvaluationOptions"/>) for any <see cref="IIndustrialBenchmarkPolicy"/>.</summary>
public static class PolicyEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="policy"/>: episode e resets the benchmark with seed <c>Seed + e</c> at the setpoint,
    /// resets the policy, then sums γᵗ·scale·rₜ over the steps. <paramref name="progress"/> receives finished episodes.
    /// </summary>
    public static EvaluationResult Evaluate(
        IIndustrialBenchmarkPolicy policy, EvaluationOptions? options = null, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new EvaluationOptions();
        options.Validate();

        var environment = new IndustrialBenchmarkEnvironment(new IndustrialBenchmarkEnvironmentOptions { HistoryLength = options.HistoryLength });
        var returns = new double[options.Episodes];
        Span<double> action = stackalloc double[3];
        for (var episode = 0; episode < options.Episodes; episode++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            environment.Reset(unchecked(options.Seed + (uint)episode), options.Setpoint);
            policy.Reset();
            var discount = 1.0;
            var total = 0.0;
            for (var t = 0; t < options.Steps; t++)
            {
                policy.Act(environment.History.Values, action);
                for (var i = 0; i < 3; i++)
                {
                    if (double.IsNaN(action[i]))
                    {
                        throw new InvalidOperationException(
                            $"policy '{policy.Name}' returned NaN for action[{i}] ({IndustrialBenchmarkObservation.ActionTags[i]}) in episode {episode}, step {t}");
                    }
                }

                var step = environment.Step(action);
                total += discount * options.RewardScale * step.Reward;
                discount *= options.Discount;
            }

            returns[episode] = total;
            progress?.Report(episode + 1);
        }

        return new EvaluationResult(policy.Name, returns);
    }
}
