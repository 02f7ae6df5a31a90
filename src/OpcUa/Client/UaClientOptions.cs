using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>Client settings with documented defaults; <see cref="Validate"/> rejects nonsense before connecting.</summary>
public sealed class UaClientOptions
{
    /// <summary>Server URL, e.g. <c>opc.tcp://127.0.0.1:4840</c> (required). Always dialled as given, whatever the server advertises.</summary>
    public string EndpointUrl { get; set; } = string.Empty;

    /// <summary>ApplicationUri of this client.</summary>
    public string ApplicationUri { get; set; } = "urn:isrl:opcua-client";

    /// <summary>Session name.</summary>
    public string SessionName { get; set; } = "isrl";

    /// <summary>UserName identity; null: Anonymous. The password travels in clear on the None endpoint.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for <see cref="UserName"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Timeout of one request (default 5 s); also sent as TimeoutHint.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requested session timeout (default 60 s). Without subscriptions the client reads ServerStatus.State every third of it.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requested security token lifetime (default 10 min); renewed at 75 %.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Receive/send buffer size announced in HEL (default 65 536; 8192 forces multi-chunk messages).</summary>
    public int BufferSize { get; set; } = 65_536;

    /// <summary>Decoder limits and the largest response accepted.</summary>
    public EncodingLimits Limits { get; set; } = EncodingLimits.Default;

    /// <summary>Publish requests kept outstanding per session while subscriptions exist (default 3).</summary>
    public int PublishRequestCount { get; set; } = 3;

    /// <summary>Reconnect automatically after the connection drops (default true).</summary>
    public bool Reconnect { get; set; } = true;

    /// <summary>First reconnect delay (default 200 ms), doubled per attempt with jitter.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest reconnect delay (default 5 s).</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws when a setting is out of range.</summary>
    public UaClientOptions Validate()
    {
        Limits.Validate();
        if (!Uri.TryCreate(EndpointUrl, UriKind.Absolute, out var uri) || uri.Scheme != "opc.tcp")
        {
            throw new ArgumentException($"EndpointUrl '{EndpointUrl}' must be an opc.tcp:// URL", nameof(EndpointUrl));
        }

        if (BufferSize < 8192) { throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "buffer size must be at least 8192"); }
        if (RequestTimeout <= TimeSpan.Zero) { throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "must be positive"); }
        if (SessionTimeout < TimeSpan.FromSeconds(1)) { throw new ArgumentOutOfRangeException(nameof(SessionTimeout), "must be at least 1 s"); }
        if (TokenLifetime < TimeSpan.FromSeconds(1)) { throw new ArgumentOutOfRangeException(nameof(TokenLifetime), "must be at least 1 s"); }
        if (PublishRequestCount is < 1 or > 20) { throw new ArgumentOutOfRangeException(nameof(PublishRequestCount), "must be 1..20"); }
        if (ReconnectInitialDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectInitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectInitialDelay), "reconnect delays must be positive and max >= initial");
        }

        if (UserName is not null && Password is null)
        {
            throw new ArgumentException("Password is required with UserName", nameof(Password));
        }

        return this;
    }
}
