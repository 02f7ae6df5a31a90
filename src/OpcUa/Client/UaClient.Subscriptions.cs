using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>Subscriptions: creation, the Publish loop with acknowledgements and keep-alives, re-creation after reconnect.</summary>
public sealed partial class UaClient
{
    /// <summary>
    /// Subscribes to every tag of <paramref name="tags"/>; <paramref name="onChange"/> runs on a publish thread for each change
    /// (the first one is the current value), one notification message at a time per subscription.
    /// </summary>
    public async Task<ClientSubscription> SubscribeAsync(TagSet tags, TimeSpan publishingInterval, Action<TagChange> onChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(onChange);
        var subscription = new ClientSubscription(tags, publishingInterval, onChange);
        await CreateOnServerAsync(subscription, cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            _subscriptions.Add(subscription);
        }

        StartPublishing();
        return subscription;
    }

    /// <summary>Deletes a subscription.</summary>
    public async Task DeleteSubscriptionAsync(ClientSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        lock (_sync)
        {
            _subscriptions.Remove(subscription);
        }

        var response = await CallAsync<DeleteSubscriptionsResponse>(new DeleteSubscriptionsRequest { SubscriptionIds = [subscription.SubscriptionId] }, cancellationToken).ConfigureAwait(false);
        if (response.Results is [var status] && StatusCodes.IsBad(status))
        {
            throw new UaStatusException(status, $"DeleteSubscriptions of {subscription.SubscriptionId} failed");
        }
    }

    private async Task CreateOnServerAsync(ClientSubscription subscription, CancellationToken ct)
    {
        var created = await CallAsync<CreateSubscriptionResponse>(new CreateSubscriptionRequest
        {
            RequestedPublishingInterval = subscription.PublishingInterval.TotalMilliseconds,
            RequestedLifetimeCount = 600,
            RequestedMaxKeepAliveCount = 10,
            PublishingEnabled = true,
        }, ct).ConfigureAwait(false);
        subscription.SubscriptionId = created.SubscriptionId;
        subscription.RevisedPublishingInterval = created.RevisedPublishingInterval;
        var items = await CallAsync<CreateMonitoredItemsResponse>(new CreateMonitoredItemsRequest
        {
            SubscriptionId = created.SubscriptionId,
            TimestampsToReturn = TimestampsToReturn.Both,
            ItemsToCreate = [.. subscription.Tags.NodeIds.Select((id, i) => new MonitoredItemCreateRequest
            {
                ItemToMonitor = new ReadValueId { NodeId = id, AttributeId = 13 },
                MonitoringMode = MonitoringMode.Reporting,
                RequestedParameters = new MonitoringParameters { ClientHandle = (uint)i, SamplingInterval = 0, QueueSize = 1, DiscardOldest = true },
            })],
        }, ct).ConfigureAwait(false);
        var results = items.Results ?? [];
        for (var i = 0; i < results.Length; i++)
        {
            if (StatusCodes.IsBad(results[i].StatusCode))
            {
                throw new UaStatusException(results[i].StatusCode, $"monitored item for {subscription.Tags.NodeIds[i]} was refused");
            }
        }

        subscription.MonitoredItemIds = [.. results.Select(r => r.MonitoredItemId)];
    }

    private async Task RecreateSubscriptionsAsync(CancellationToken ct)
    {
        ClientSubscription[] all;
        lock (_sync)
        {
            all = [.. _subscriptions];
            _acks.Clear();
        }

        foreach (var subscription in all)
        {
            await CreateOnServerAsync(subscription, ct).ConfigureAwait(false);
            subscription.RecreateCount++;
        }
    }

    private void StartPublishing()
    {
        var channel = _channel;
        if (channel is null)
        {
            return;
        }

        lock (_sync)
        {
            if (_subscriptions.Count == 0)
            {
                return;
            }

            // Count only loops on the current channel: loops of a dead channel may still be unwinding after a reconnect.
            if (_publishChannel != channel)
            {
                _publishChannel = channel;
                _publishOutstanding = 0;
            }

            while (_publishOutstanding < Options.PublishRequestCount)
            {
                _publishOutstanding++;
                _ = Task.Run(() => PublishLoopAsync(channel), CancellationToken.None);
            }
        }
    }

    private async Task PublishLoopAsync(ClientChannel channel)
    {
        try
        {
            while (channel.IsOpen && !_disposed.IsCancellationRequested)
            {
                SubscriptionAcknowledgement[] acks;
                lock (_sync)
                {
                    if (_subscriptions.Count == 0)
                    {
                        return;
                    }

                    acks = [.. _acks];
                    _acks.Clear();
                }

                IServiceResponse response;
                try
                {
                    // Publish waits for data or a keep-alive: no client-side deadline, the channel closing ends it.
                    response = await SendAsync(channel, new PublishRequest { SubscriptionAcknowledgements = acks }, CancellationToken.None, Timeout.InfiniteTimeSpan).ConfigureAwait(false);
                }
                catch (UaStatusException)
                {
                    return;
                }

                if (response is not PublishResponse publish)
                {
                    var status = response.ResponseHeader.ServiceResult;
                    if (status is StatusCodes.BadNoSubscription or StatusCodes.BadTooManyPublishRequests or StatusCodes.BadSessionIdInvalid
                        or StatusCodes.BadSessionClosed)
                    {
                        return;
                    }

                    continue;
                }

                Deliver(publish);
            }
        }
        finally
        {
            lock (_sync)
            {
                if (_publishChannel == channel)
                {
                    _publishOutstanding--;
                }
            }
        }
    }

    private void Deliver(PublishResponse publish)
    {
        ClientSubscription? subscription;
        lock (_sync)
        {
            subscription = _subscriptions.FirstOrDefault(s => s.SubscriptionId == publish.SubscriptionId);
        }

        var message = publish.NotificationMessage;
        var data = message.NotificationData ?? [];
        if (data.Length == 0)
        {
            if (subscription is not null)
            {
                lock (subscription)
                {
                    subscription.KeepAliveCount++;
                }
            }

            return;
        }

        lock (_sync)
        {
            _acks.Add(new SubscriptionAcknowledgement { SubscriptionId = publish.SubscriptionId, SequenceNumber = message.SequenceNumber });
        }

        if (subscription is null)
        {
            return;
        }

        // Several Publish responses can arrive at once; deliver one message at a time per subscription.
        lock (subscription)
        {
            DeliverLocked(subscription, publish.SubscriptionId, data);
        }
    }

    private void DeliverLocked(ClientSubscription subscription, uint subscriptionId, ExtensionObject[] data)
    {
        foreach (var extension in data)
        {
            if (extension.Body is DataChangeNotification change)
            {
                foreach (var item in change.MonitoredItems ?? [])
                {
                    var index = (int)item.ClientHandle;
                    if (index < subscription.Tags.Count)
                    {
                        subscription.ChangeCount++;
                        subscription.OnChange(new TagChange(index, subscription.Tags.NodeIds[index], item.Value));
                    }
                }
            }
            else if (extension.Body is StatusChangeNotification status)
            {
                Logger?.Invoke($"subscription {subscriptionId} status {StatusCodes.Name(status.Status)}");
            }
        }
    }
}
