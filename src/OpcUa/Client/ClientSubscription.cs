using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>A subscription to a TagSet; re-created by the client after a reconnect that lost the session.</summary>
public sealed class ClientSubscription
{
    internal ClientSubscription(TagSet tags, TimeSpan publishingInterval, Action<TagChange> onChange)
    {
        Tags = tags;
        PublishingInterval = publishingInterval;
        OnChange = onChange;
    }

    /// <summary>Tags monitored (client handle = tag index).</summary>
    public TagSet Tags { get; }

    /// <summary>Requested publishing interval.</summary>
    public TimeSpan PublishingInterval { get; }

    /// <summary>Server-assigned id (changes when re-created).</summary>
    public uint SubscriptionId { get; internal set; }

    /// <summary>Publishing interval the server granted.</summary>
    public double RevisedPublishingInterval { get; internal set; }

    /// <summary>Keep-alive messages received.</summary>
    public int KeepAliveCount { get; internal set; }

    /// <summary>Data changes delivered.</summary>
    public long ChangeCount { get; internal set; }

    /// <summary>Times the subscription was re-created after a reconnect.</summary>
    public int RecreateCount { get; internal set; }

    internal Action<TagChange> OnChange { get; }

    internal uint[] MonitoredItemIds { get; set; } = [];
}
