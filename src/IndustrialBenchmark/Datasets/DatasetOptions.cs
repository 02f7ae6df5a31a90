using IndustrialSafeRL.IndustrialBenchmark.Policies;

namespace IndustrialSafeRL.IndustrialBenchmark.Datasets;

/// <summary>
/// What to generate: a behaviour policy with its random share, the setpoint, how many episodes of how many
/// steps, and the seed. Defaults follow the offline-RL literature's IB datasets (100 × 1000 steps, setpoint 70).
/// </summary>
public sealed record DatasetOptions
{
    /// <summary>Behaviour policy name (<see cref="BehaviourPolicies.Names"/>). Default <c>mediocre</c>.</summary>
    public string Policy { get; init; } = "mediocre";

    /// <summary>Share ε of uniformly random actions. Default 0.</summary>
    public double Epsilon { get; init; }

    /// <summary>Setpoint. Default 70.</summary>
    public double Setpoint { get; init; } = 70.0;

    /// <summary>Episodes. Default 100.</summary>
    public int Episodes { get; init; } = 100;

    /// <summary>Steps per episode. Default 1000.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>
    /// Seed S: episode e resets the benchmark with seed S + e and draws its behaviour's randomness from a generator
    /// seeded with S + e + 2³¹ (all mod 2³²), so every episode is reproducible on its own. Default 0.
    /// </summary>
    public uint Seed { get; init; }

    /// <summary>False for the non-stationary setpoint mode. Default true.</summary>
    public bool Stationary { get; init; } = true;

    /// <summary>Run id written into every row. Default: derived from policy, ε, setpoint and seed.</summary>
    public string? RunId { get; init; }

    /// <summary>Timestamp of step 0 of episode 0; each later step is one second later (a synthetic clock).</summary>
    public DateTimeOffset StartUtc { get; init; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Episodes stepped together through one <see cref="Environment.IndustrialBenchmarkBatch"/>. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The policy id of the rows (e.g. <c>mediocre-0.2</c>).</summary>
    public string PolicyId => BehaviourPolicies.IdOf(Policy, Epsilon);

    /// <summary>The run id of the rows.</summary>
    public string EffectiveRunId => RunId ?? FormattableString.Invariant($"ib-{PolicyId}-sp{Setpoint:0.###}-seed{Seed}");

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!BehaviourPolicies.IsName(Policy))
        {
            throw new ArgumentException($"unknown behaviour policy '{Policy}'; known: {string.Join(", ", BehaviourPolicies.Names)}", nameof(Policy));
        }

        if (double.IsNaN(Epsilon) || Epsilon < 0.0 || Epsilon > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must lie in [0, 1].");
        }

        if (double.IsNaN(Setpoint) || Setpoint < 0.0 || Setpoint > 100.0)
        {
            throw new ArgumentOutOfRangeException(nameof(Setpoint), Setpoint, "The setpoint must lie in [0, 100].");
        }

        if (Episodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Episodes), Episodes, "At least 1 episode.");
        }

        if (Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "At least 1 step per episode.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "At least 1 episode per batch.");
        }
    }
}
