using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.Controller.Host.Logging;

/// <summary>
/// One control step on its way to the transition store: pre-allocated buffers the loop fills and the writer turns into
/// a <see cref="TransitionRecord"/> off the control thread. Rows are pooled, so steady-state cycles allocate nothing.
/// </summary>
public sealed class CycleRow(int observations, int actions, int rewardComponents)
{
    /// <summary>Policy id (or <c>plant</c> when no policy proposed the action).</summary>
    public string PolicyId { get; set; } = "plant";

    /// <summary>Policy version.</summary>
    public int PolicyVersion { get; set; }

    /// <summary>Episode (a new one after every break in the observation chain).</summary>
    public long Episode { get; set; }

    /// <summary>Step within the episode.</summary>
    public long Step { get; set; }

    /// <summary>When the cycle read the plant.</summary>
    public DateTimeOffset TimestampUtc { get; set; }

    /// <summary>Observation o_t (host tag order).</summary>
    public double[] Observation { get; } = new double[observations];

    /// <summary>Proposed action (NaN when the policy did not run).</summary>
    public double[] Proposed { get; } = new double[actions];

    /// <summary>Action after the shield (what was or, outside Auto, would have been applied).</summary>
    public double[] Applied { get; } = new double[actions];

    /// <summary>Observation o_{t+1}, when <see cref="HasNext"/>.</summary>
    public double[] NextObservation { get; } = new double[observations];

    /// <summary>True when the next observation is known.</summary>
    public bool HasNext { get; set; }

    /// <summary>Reward components computed from o_{t+1}.</summary>
    public double[] RewardComponents { get; } = new double[rewardComponents];

    /// <summary>Reward (sum of weighted components).</summary>
    public double Reward { get; set; }

    /// <summary>Mode name (lower case).</summary>
    public string Mode { get; set; } = "off";

    /// <summary>Flags of the step.</summary>
    public TransitionFlags Flags { get; set; }

    /// <summary>Shield interventions.</summary>
    public List<Intervention> Interventions { get; } = new(16);

    /// <summary>Builds the store record (allocates; writer thread only).</summary>
    public TransitionRecord ToRecord(string runId) => new()
    {
        RunId = runId,
        PolicyId = PolicyId,
        PolicyVersion = PolicyVersion,
        Episode = Episode,
        Step = Step,
        TimestampUtc = TimestampUtc,
        Observation = [.. Observation],
        ProposedAction = [.. Proposed],
        AppliedAction = [.. Applied],
        Reward = Reward,
        RewardComponents = [.. RewardComponents],
        NextObservation = HasNext ? [.. NextObservation] : null,
        Mode = Mode,
        Flags = Flags,
        Interventions = [.. Interventions],
    };
}
