namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>
/// One control step as logged for training: the observation before acting, the action the policy proposed and
/// the one the plant received, the reward of the step and the observation after it.
/// </summary>
public sealed class TransitionRecord
{
    /// <summary>The deployment or dataset-generation run this step belongs to.</summary>
    public required string RunId { get; init; }

    /// <summary>The policy (or behaviour controller) that proposed the action.</summary>
    public required string PolicyId { get; init; }

    /// <summary>The version of that policy.</summary>
    public int PolicyVersion { get; init; }

    /// <summary>Episode number within the run, from 0.</summary>
    public long Episode { get; init; }

    /// <summary>Step index within the episode, from 0.</summary>
    public long Step { get; init; }

    /// <summary>When the step was taken (UTC).</summary>
    public DateTimeOffset TimestampUtc { get; init; }

    /// <summary>Observation o_t, one value per observation tag.</summary>
    public required double[] Observation { get; init; }

    /// <summary>Action the policy proposed, one value per action tag.</summary>
    public required double[] ProposedAction { get; init; }

    /// <summary>Action the plant received after the shield.</summary>
    public required double[] AppliedAction { get; init; }

    /// <summary>Reward of the step.</summary>
    public double Reward { get; init; }

    /// <summary>The reward's named components, one value per reward component of the layout.</summary>
    public double[] RewardComponents { get; init; } = [];

    /// <summary>Observation o_{t+1}, when known.</summary>
    public double[]? NextObservation { get; init; }

    /// <summary>Controller mode: offline, off, shadow, advisory or auto.</summary>
    public string Mode { get; init; } = "offline";

    /// <summary>Conditions of the step.</summary>
    public TransitionFlags Flags { get; init; }

    /// <summary>Shield interventions, in the order the units ran.</summary>
    public IReadOnlyList<Intervention> Interventions { get; init; } = [];
}
