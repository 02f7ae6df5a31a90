namespace IndustrialSafeRL.Controller.Host.Configuration;

/// <summary>
/// Resilience of the plant link. Per-cycle reads and writes get a timeout shorter than the cycle and a circuit breaker,
/// never a retry (a late value is stale); only (re)connecting retries, with exponential backoff and jitter.
/// </summary>
public sealed class ResilienceOptions
{
    /// <summary>Timeout of one read or write; must be shorter than the cycle. Default 40 ms.</summary>
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Failed I/O calls in a row (all calls failing within the sampling window) that open the breaker. Default 3; at least 2.</summary>
    public int BreakerFailures { get; set; } = 3;

    /// <summary>How long the breaker stays open before one trial call. Default 5 s.</summary>
    public TimeSpan BreakerBreak { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay (doubles each attempt, with jitter). Default 500 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest reconnect delay. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one connect attempt. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
