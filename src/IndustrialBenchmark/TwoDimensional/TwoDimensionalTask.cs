using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.IndustrialBenchmark.Evaluation;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

/// <summary>Evaluation and dataset generation for the 2D task, mirroring the benchmark's.</summary>
public static class TwoDimensionalTask
{
    /// <summary>The store layout of 2D datasets.</summary>
    public static StoreLayout Layout { get; } = new(TwoDimensionalEnvironment.Tags, TwoDimensionalEnvironment.ActionTags, []);

    /// <summary>The behaviour policy with its random draws seeded by <paramref name="seed"/>.</summary>
    public static DirectionFieldPolicy Behaviour(TwoDimensionalTaskOptions options, double noise, uint seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DirectionFieldPolicy(options.GoalX, options.GoalY, noise, new NumpyLegacyRandom(seed));
    }

    /// <summary>Undiscounted returns of <paramref name="episodes"/> episodes; episode e resets with seed <c>seed + e</c>.</summary>
    public static EvaluationResult Evaluate(ITwoDimensionalPolicy policy, int episodes, uint seed, TwoDimensionalTaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 2);
        var environment = new TwoDimensionalEnvironment(options);
        var returns = new double[episodes];
        Span<double> action = stackalloc double[TwoDimensionalEnvironment.ActionSize];
        for (var e = 0; e < episodes; e++)
        {
            environment.Reset(unchecked(seed + (uint)e));
            policy.Reset();
            while (!environment.Done)
            {
                policy.Act(environment.History.Values, action);
                returns[e] += environment.Step(action).Reward;
            }
        }

        return new EvaluationResult(policy.Name, returns);
    }

    /// <summary>
    /// Behaviour episodes as transition records (observation (x, y), action (dx, dy), reward, next observation);
    /// episode e resets with seed <c>seed + e</c> and its behaviour draws from seed <c>seed + e + 2³¹</c>.
    /// </summary>
    public static IEnumerable<IReadOnlyList<TransitionRecord>> Episodes(
        int episodes, uint seed, double noise, string runId, DateTimeOffset startUtc, TwoDimensionalTaskOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        options ??= new TwoDimensionalTaskOptions();
        var environment = new TwoDimensionalEnvironment(options);
        return Generate();

        IEnumerable<IReadOnlyList<TransitionRecord>> Generate()
        {
            for (var e = 0; e < episodes; e++)
            {
                var policy = Behaviour(options, noise, unchecked(seed + (uint)e + 0x80000000u));
                environment.Reset(unchecked(seed + (uint)e));
                var records = new List<TransitionRecord>(options.EpisodeLength);
                var action = new double[TwoDimensionalEnvironment.ActionSize];
                while (!environment.Done)
                {
                    double[] before = [environment.X, environment.Y];
                    policy.Act(environment.History.Values, action);
                    var step = environment.Step(action);
                    var applied = (double[])action.Clone();
                    records.Add(new TransitionRecord
                    {
                        RunId = runId,
                        PolicyId = policy.Name,
                        PolicyVersion = 1,
                        Episode = e,
                        Step = records.Count,
                        TimestampUtc = startUtc.AddSeconds(((long)e * options.EpisodeLength) + records.Count),
                        Observation = before,
                        ProposedAction = applied,
                        AppliedAction = applied,
                        Reward = step.Reward,
                        NextObservation = [step.X, step.Y],
                        Mode = "offline",
                        Flags = step.Done ? TransitionFlags.EpisodeEnd : TransitionFlags.None,
                    });
                }

                yield return records;
            }
        }
    }
}
