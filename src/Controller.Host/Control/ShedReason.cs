namespace IndustrialSafeRL.Controller.Host.Control;

/// <summary>Why control was shed to the plant's own controller.</summary>
public enum ShedReason
{
    /// <summary>Not shed.</summary>
    None,

    /// <summary>The plant link is down.</summary>
    Disconnected,

    /// <summary>A read or write missed its timeout.</summary>
    IoTimeout,

    /// <summary>A read or write failed.</summary>
    IoFailure,

    /// <summary>The I/O circuit breaker is open.</summary>
    BreakerOpen,

    /// <summary>An input is stale or has a bad status.</summary>
    StaleInput,

    /// <summary>The PLC's life bit stopped changing.</summary>
    LifeBitFrozen,

    /// <summary>The PLC withdrew its permissive while in Auto.</summary>
    PermissiveLost,

    /// <summary>The policy produced NaN or infinity.</summary>
    NonFiniteAction,

    /// <summary>The shield shed (e.g. repeated interventions, state outside the data support).</summary>
    Shield,

    /// <summary>The cycle overran its period.</summary>
    DeadlineMiss,

    /// <summary>Transitions are not reaching the store in time.</summary>
    LogLag,

    /// <summary>No policy is active.</summary>
    NoPolicy,

    /// <summary>In Auto, the cause has cleared; waiting for the PLC to withdraw and grant its permissive again.</summary>
    AwaitingPermissive,

    /// <summary>A guide tag the active policy reads (the PLC's own controller's action) has a bad status, is stale or is not a finite number.</summary>
    GuideFault,
}
