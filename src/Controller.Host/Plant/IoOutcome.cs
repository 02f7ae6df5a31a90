namespace IndustrialSafeRL.Controller.Host.Plant;

/// <summary>How one per-cycle read or write ended.</summary>
public enum IoOutcome
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>Missed its timeout (never retried: a late value is stale).</summary>
    Timeout,

    /// <summary>Not attempted: the circuit breaker is open.</summary>
    BreakerOpen,

    /// <summary>The link is down; a reconnect is under way.</summary>
    Disconnected,

    /// <summary>Failed otherwise.</summary>
    Failed,
}
