namespace IndustrialSafeRL.Controller.Host.Configuration;

/// <summary>
/// The default tag mapping: the Industrial Benchmark as the simulator serves it over OPC UA (namespace
/// <c>urn:isrl-sim:industrial-benchmark</c>). Used when the configuration names no tags.
/// </summary>
public static class IndustrialBenchmarkTags
{
    /// <summary>Observation tag names in frame order.</summary>
    public static IReadOnlyList<string> Observations { get; } = ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"];

    /// <summary>Action tag names.</summary>
    public static IReadOnlyList<string> Actions { get; } = ["delta_velocity", "delta_gain", "delta_shift"];

    /// <summary>Fills empty tag lists with the IB tag set and, with them, an empty reward with the IB reward.</summary>
    public static void ApplyDefaults(ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tags = options.Tags;
        if (tags.Observations.Count == 0 && options.Reward.Count == 0)
        {
            options.Reward.Add(new RewardComponent { Tag = "fatigue", Weight = -3 });
            options.Reward.Add(new RewardComponent { Tag = "consumption", Weight = -1 });
        }

        if (tags.Observations.Count == 0)
        {
            tags.Observations.AddRange(Observations.Select(n => new TagBinding { Name = n, NodeId = $"ns=2;s=IB.Observation.{n}" }));
        }

        if (tags.Actuators.Count == 0)
        {
            tags.Actuators.AddRange(Actions.Select(n => new ActuatorBinding
            {
                Name = n,
                NodeId = $"ns=2;s=IB.Action.{n}",
                Min = -1,
                Max = 1,
                Increment = true,
            }));
        }
    }
}
