namespace IndustrialSafeRL.Verification.Gate;

/// <summary>How the history frames of the verified input box relate.</summary>
public enum FrameMode
{
    /// <summary>Every frame's value of every tag ranges over the tag's interval on its own: the box holds every
    /// history the support allows. Sound for any trajectory, and the looser bound.</summary>
    Independent,

    /// <summary>All frames share one value per tag (a steady-state history): a much smaller region, tighter bounds,
    /// but says nothing about histories that move.</summary>
    Same,
}
