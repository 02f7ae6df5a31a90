using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>Server settings with documented defaults; <see cref="Validate"/> rejects nonsense before the listener starts.</summary>
public sealed class UaServerOptions
{
    /// <summary>Address to bind (default loopback 127.0.0.1; SecurityPolicy None belongs on loopback or a segmented network).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port (default 4840; 0 picks a free port, see <see cref="UaServer.Port"/>).</summary>
    public int Port { get; set; } = 4840;

    /// <summary>Path of the endpoint URL (default empty).</summary>
    public string ResourcePath { get; set; } = string.Empty;

    /// <summary>ApplicationUri (namespace index 1).</summary>
    public string ApplicationUri { get; set; } = "urn:isrl:opcua-server";

    /// <summary>Product URI.</summary>
    public string ProductUri { get; set; } = "urn:isrl:opcua";

    /// <summary>Application name.</summary>
    public string ApplicationName { get; set; } = "IndustrialSafeRL OPC UA server";

    /// <summary>Accept Anonymous identities (default true).</summary>
    public bool AllowAnonymous { get; set; } = true;

    /// <summary>UserName identities accepted (password in clear on the None endpoint). Empty: no UserName policy offered.</summary>
    public IDictionary<string, string> Users { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Own receive/send buffer size (default 65 536).</summary>
    public int BufferSize { get; set; } = 65_536;

    /// <summary>
    /// Decoder limits, also the largest request accepted (default 4 MiB in at most 512 chunks: with
    /// <see cref="MaxConnections"/> this bounds the memory hostile clients can pin).
    /// </summary>
    public EncodingLimits Limits { get; set; } = EncodingLimits.Default with { MaxMessageSize = 4 << 20, MaxChunkCount = 512 };

    /// <summary>A socket must send HEL within this time (default 5 s).</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Token lifetimes are revised into [MinTokenLifetime, MaxTokenLifetime] (defaults 10 s, 1 h).</summary>
    public TimeSpan MinTokenLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="MinTokenLifetime"/>.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Session timeouts are revised into [MinSessionTimeout, MaxSessionTimeout] (defaults 10 s, 1 h).</summary>
    public TimeSpan MinSessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>See <see cref="MinSessionTimeout"/>.</summary>
    public TimeSpan MaxSessionTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most concurrent sessions (default 100; beyond: BadTooManySessions).</summary>
    public int MaxSessions { get; set; } = 100;

    /// <summary>Most open connections (default 100; beyond: new sockets are closed at once).</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>Most subscriptions per session (default 20; beyond: BadTooManySubscriptions).</summary>
    public int MaxSubscriptionsPerSession { get; set; } = 20;

    /// <summary>Most monitored items per subscription (default 1000; beyond: BadTooManyMonitoredItems).</summary>
    public int MaxMonitoredItemsPerSubscription { get; set; } = 1000;

    /// <summary>Most operations (nodes) per Read/Write/Browse/Translate/CreateMonitoredItems request (default 5000; beyond: BadTooManyOperations).</summary>
    public int MaxOperationsPerRequest { get; set; } = 5000;

    /// <summary>References returned per node before a continuation point (default 1000).</summary>
    public int MaxReferencesPerNode { get; set; } = 1000;

    /// <summary>Parked Publish requests per session (default 10; the oldest is answered BadTooManyPublishRequests).</summary>
    public int MaxPublishRequestsPerSession { get; set; } = 10;

    /// <summary>Smallest publishing interval (default 50 ms).</summary>
    public TimeSpan MinPublishingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often the subscription engine runs (default 10 ms).</summary>
    public TimeSpan SubscriptionTick { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Throws when a setting is out of range.</summary>
    public UaServerOptions Validate()
    {
        Limits.Validate();
        if (Port is < 0 or > 65535) { throw new ArgumentOutOfRangeException(nameof(Port), Port, "port must be 0..65535"); }
        if (BufferSize < 8192) { throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "buffer size must be at least 8192"); }
        if (MaxSessions <= 0 || MaxConnections <= 0 || MaxSubscriptionsPerSession <= 0 || MaxMonitoredItemsPerSubscription <= 0
            || MaxOperationsPerRequest <= 0 || MaxReferencesPerNode <= 0 || MaxPublishRequestsPerSession <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSessions), "session, subscription and operation limits must be positive");
        }

        if (!AllowAnonymous && Users.Count == 0)
        {
            throw new ArgumentException("with AllowAnonymous false at least one user is needed", nameof(Users));
        }

        if (MinPublishingInterval <= TimeSpan.Zero || SubscriptionTick <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MinPublishingInterval), "intervals must be positive");
        }

        return this;
    }
}
