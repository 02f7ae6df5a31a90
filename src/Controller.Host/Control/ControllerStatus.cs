namespace IndustrialSafeRL.Controller.Host.Control;

/// <summary>A snapshot of the controller for /status and tests.</summary>
public sealed record ControllerStatus(
    ControllerMode Mode,
    bool Shed,
    ShedReason ShedReason,
    bool Connected,
    string Breaker,
    long Cycles,
    long Heartbeat,
    bool Permissive,
    bool LifeBitHealthy,
    bool InputsFresh,
    string Policy,
    string PreviousPolicy,
    long TransitionsEnqueued,
    long TransitionsAcknowledged,
    long DeadlineMisses,
    DateTimeOffset? LastCycleUtc);
