using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Datasets;

/// <summary>
/// Generates behaviour datasets (DESIGN §4): episodes of a behaviour policy on the benchmark, one
/// <see cref="TransitionRecord"/> per step with o_t, a_t, the reward −(3f + c), its components (f, c) and o_{t+1}.
/// Episodes are stepped in batches of independent instances; each episode is appended in one transaction.
/// </summary>
public static class DatasetGenerator
{
    /// <summary>The store layout of IB datasets (the OPC UA tag names).</summary>
    public static StoreLayout Layout => StoreLayout.IndustrialBenchmark;

    /// <summary>Generates into <paramref name="store"/>; <paramref name="progress"/> receives finished episodes.</summary>
    public static long Generate(
        TransitionStore store, DatasetOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        if (!store.Layout.SameAs(Layout))
        {
            throw new ArgumentException($"{store.Path}: holds {store.Layout}, not the Industrial Benchmark layout {Layout}", nameof(store));
        }

        long rows = 0;
        var finished = 0;
        foreach (var episode in Episodes(options, cancellationToken))
        {
            store.Append(episode);
            rows += episode.Count;
            progress?.Report(++finished);
        }

        return rows;
    }

    /// <summary>The episodes as record lists, in episode order (pure: no I/O).</summary>
    public static IEnumerable<IReadOnlyList<TransitionRecord>> Episodes(DatasetOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return EpisodesCore(options, cancellationToken);
    }

    /// <summary>The seed of the behaviour policy's generator in episode <paramref name="episode"/>.</summary>
    public static uint PolicySeed(uint seed, int episode) => unchecked(seed + (uint)episode + 0x80000000u);

    private static IEnumerable<IReadOnlyList<TransitionRecord>> EpisodesCore(DatasetOptions options, CancellationToken cancellationToken)
    {
        const int ObservationSize = IndustrialBenchmarkObservation.Size;
        var runId = options.EffectiveRunId;
        var policyId = options.PolicyId;
        var environmentOptions = new IndustrialBenchmarkEnvironmentOptions { Stationary = options.Stationary };

        for (var first = 0; first < options.Episodes; first += options.BatchSize)
        {
            var count = Math.Min(options.BatchSize, options.Episodes - first);
            var batch = new IndustrialBenchmarkBatch(count, environmentOptions);
            var policies = new IIndustrialBenchmarkPolicy[count];
            var records = new TransitionRecord[count][];
            for (var i = 0; i < count; i++)
            {
                policies[i] = BehaviourPolicies.Create(options.Policy, options.Epsilon, new NumpyLegacyRandom(PolicySeed(options.Seed, first + i)));
                policies[i].Reset();
                records[i] = new TransitionRecord[options.Steps];
            }

            var observations = new double[count * ObservationSize];
            var actions = new double[count * 3];
            var rewards = new double[count];
            batch.Reset(unchecked(options.Seed + (uint)first), options.Setpoint, observations);

            for (var t = 0; t < options.Steps; t++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var before = (double[])observations.Clone();
                for (var i = 0; i < count; i++)
                {
                    policies[i].Act(batch[i].History.Values, actions.AsSpan(i * 3, 3));
                }

                batch.Step(actions, observations, rewards);
                for (var i = 0; i < count; i++)
                {
                    var episode = first + i;
                    var action = actions.AsSpan(i * 3, 3).ToArray();
                    var simulator = batch[i].Simulator;
                    records[i][t] = new TransitionRecord
                    {
                        RunId = runId,
                        PolicyId = policyId,
                        PolicyVersion = 1,
                        Episode = episode,
                        Step = t,
                        TimestampUtc = options.StartUtc.AddSeconds(((long)episode * options.Steps) + t),
                        Observation = before.AsSpan(i * ObservationSize, ObservationSize).ToArray(),
                        ProposedAction = action,
                        AppliedAction = action,
                        Reward = rewards[i],
                        RewardComponents = [simulator.Fatigue, simulator.Consumption],
                        NextObservation = observations.AsSpan(i * ObservationSize, ObservationSize).ToArray(),
                        Mode = "offline",
                        Flags = t == options.Steps - 1 ? TransitionFlags.EpisodeEnd : TransitionFlags.None,
                    };
                }
            }

            for (var i = 0; i < count; i++)
            {
                yield return records[i];
            }
        }
    }
}
