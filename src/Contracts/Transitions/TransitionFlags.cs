namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>Conditions recorded with a control step.</summary>
[Flags]
public enum TransitionFlags
{
    /// <summary>A normal step.</summary>
    None = 0,

    /// <summary>Control was shed to the plant's own controller during this step.</summary>
    Shed = 1,

    /// <summary>At least one input was stale when the step was computed.</summary>
    StaleInput = 2,

    /// <summary>The state lay outside the data support the policy was trained on.</summary>
    OutOfSupport = 4,

    /// <summary>The last step of an episode (or of a deployment run).</summary>
    EpisodeEnd = 8,
}
