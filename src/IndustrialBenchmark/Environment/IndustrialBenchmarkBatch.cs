namespace IndustrialSafeRL.IndustrialBenchmark.Environment;

/// <summary>
/// Many independent benchmark instances stepped together, for fast data generation. Actions, observations and
/// rewards travel in flat spans (instance i uses actions [3i, 3i+3), observations [6i, 6i+6)). No allocation per step.
/// </summary>
public sealed class IndustrialBenchmarkBatch
{
    private readonly IndustrialBenchmarkEnvironment[] _instances;

    /// <summary>A batch of <paramref name="count"/> instances.</summary>
    public IndustrialBenchmarkBatch(int count, IndustrialBenchmarkEnvironmentOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _instances = new IndustrialBenchmarkEnvironment[count];
        for (var i = 0; i < count; i++)
        {
            _instances[i] = new IndustrialBenchmarkEnvironment(options);
        }
    }

    /// <summary>Number of instances.</summary>
    public int Count => _instances.Length;

    /// <summary>Instance <paramref name="index"/> (its history window, its simulator).</summary>
    public IndustrialBenchmarkEnvironment this[int index] => _instances[index];

    /// <summary>Resets instance i with seed <c>firstSeed + i</c> (mod 2³²) at <paramref name="setpoint"/>.</summary>
    public void Reset(uint firstSeed, double setpoint, Span<double> observations)
    {
        CheckLength(observations.Length, IndustrialBenchmarkObservation.Size, nameof(observations));
        for (var i = 0; i < _instances.Length; i++)
        {
            var observation = _instances[i].Reset(unchecked(firstSeed + (uint)i), setpoint);
            observation.CopyTo(observations.Slice(i * IndustrialBenchmarkObservation.Size, IndustrialBenchmarkObservation.Size));
        }
    }

    /// <summary>Steps every instance with its action; writes each new observation and reward.</summary>
    public void Step(ReadOnlySpan<double> actions, Span<double> observations, Span<double> rewards)
    {
        CheckLength(actions.Length, 3, nameof(actions));
        CheckLength(observations.Length, IndustrialBenchmarkObservation.Size, nameof(observations));
        CheckLength(rewards.Length, 1, nameof(rewards));
        for (var i = 0; i < _instances.Length; i++)
        {
            IndustrialBenchmarkStep step;
            try
            {
                step = _instances[i].Step(actions.Slice(i * 3, 3));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"instance {i}: {e.Message}", nameof(actions), e);
            }

            step.Observation.CopyTo(observations.Slice(i * IndustrialBenchmarkObservation.Size, IndustrialBenchmarkObservation.Size));
            rewards[i] = step.Reward;
        }
    }

    private void CheckLength(int length, int perInstance, string name)
    {
        if (length != _instances.Length * perInstance)
        {
            throw new ArgumentException(
                $"{name} must hold {perInstance} value(s) per instance ({_instances.Length * perInstance} in all), got {length}", name);
        }
    }
}
