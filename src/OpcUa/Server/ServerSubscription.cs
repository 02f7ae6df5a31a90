using IndustrialSafeRL.OpcUa.Messages;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>A subscription: publishing interval, keep-alive and lifetime counters, sequence numbers, retained messages.</summary>
internal sealed class ServerSubscription(uint id, double publishingInterval, uint lifetimeCount, uint maxKeepAliveCount, uint maxNotifications, bool enabled)
{
    public const int MaxRetained = 10;

    public uint Id { get; } = id;

    public double PublishingInterval { get; } = publishingInterval;

    public uint LifetimeCount { get; } = lifetimeCount;

    public uint MaxKeepAliveCount { get; } = maxKeepAliveCount;

    public uint MaxNotificationsPerPublish { get; } = maxNotifications;

    public bool PublishingEnabled { get; set; } = enabled;

    public Dictionary<uint, MonitoredItem> Items { get; } = [];

    public uint NextSequenceNumber { get; set; } = 1;

    public DateTime NextPublish { get; set; } = DateTime.UtcNow;

    public uint KeepAliveCounter { get; set; }

    public uint LifetimeCounter { get; set; }

    /// <summary>Something was due but no Publish request was parked; answer the next one at once.</summary>
    public bool Late { get; set; }

    /// <summary>True until the first message (keep-alive or data) was sent: the first cycle answers at once.</summary>
    public bool FirstCycle { get; set; } = true;

    public LinkedList<NotificationMessage> Retained { get; } = new();

    public bool HasChanges()
    {
        if (!PublishingEnabled)
        {
            return false;
        }

        foreach (var item in Items.Values)
        {
            if (item.HasChange)
            {
                return true;
            }
        }

        return false;
    }
}
