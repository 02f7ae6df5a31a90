using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>Subscription service set and the publishing engine.</summary>
public sealed partial class UaServer
{
    private IServiceResponse CreateSubscription(ServerSession session, CreateSubscriptionRequest request)
    {
        if (session.Subscriptions.Count >= Options.MaxSubscriptionsPerSession)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManySubscriptions);
        }

        var minimum = Options.MinPublishingInterval.TotalMilliseconds;
        var interval = request.RequestedPublishingInterval > 0 && double.IsFinite(request.RequestedPublishingInterval)
            ? Math.Clamp(request.RequestedPublishingInterval, minimum, 3_600_000)
            : Math.Max(minimum, 1000);
        var keepAlive = Math.Clamp(request.RequestedMaxKeepAliveCount, 1u, 10_000u);
        var lifetime = Math.Max(Math.Max(request.RequestedLifetimeCount, 3 * keepAlive), 3u);
        var subscription = new ServerSubscription(++_nextSubscriptionId, interval, lifetime, keepAlive, request.MaxNotificationsPerPublish, request.PublishingEnabled)
        {
            NextPublish = DateTime.UtcNow.AddMilliseconds(interval),
        };
        session.Subscriptions.Add(subscription.Id, subscription);
        return new CreateSubscriptionResponse
        {
            ResponseHeader = ResponseHeader.For(request.RequestHeader),
            SubscriptionId = subscription.Id,
            RevisedPublishingInterval = interval,
            RevisedLifetimeCount = lifetime,
            RevisedMaxKeepAliveCount = keepAlive,
        };
    }

    private IServiceResponse CreateMonitoredItems(ServerSession session, CreateMonitoredItemsRequest request)
    {
        if (!session.Subscriptions.TryGetValue(request.SubscriptionId, out var subscription))
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSubscriptionIdInvalid);
        }

        var items = request.ItemsToCreate;
        if (items is null || items.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        if (items.Length > Options.MaxOperationsPerRequest)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTooManyOperations);
        }

        if (request.TimestampsToReturn is < TimestampsToReturn.Source or > TimestampsToReturn.Neither)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadTimestampsToReturnInvalid);
        }

        var results = new MonitoredItemCreateResult[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var status = CheckMonitoredItem(subscription, items[i], out var node);
            if (status != StatusCodes.Good)
            {
                results[i] = new MonitoredItemCreateResult { StatusCode = status };
                continue;
            }

            var item = new MonitoredItem(++_nextMonitoredItemId, items[i].RequestedParameters.ClientHandle, node!, request.TimestampsToReturn, items[i].MonitoringMode);
            subscription.Items.Add(item.Id, item);
            results[i] = new MonitoredItemCreateResult
            {
                StatusCode = StatusCodes.Good,
                MonitoredItemId = item.Id,
                RevisedSamplingInterval = items[i].RequestedParameters.SamplingInterval < 0 ? subscription.PublishingInterval : 0,
                RevisedQueueSize = 1,
            };
        }

        return new CreateMonitoredItemsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results, DiagnosticInfos = [] };
    }

    private uint CheckMonitoredItem(ServerSubscription subscription, MonitoredItemCreateRequest item, out UaVariableNode? variable)
    {
        variable = null;
        if (subscription.Items.Count >= Options.MaxMonitoredItemsPerSubscription)
        {
            return StatusCodes.BadTooManyMonitoredItems;
        }

        if (!AddressSpace.TryGetNode(item.ItemToMonitor.NodeId, out var node))
        {
            return StatusCodes.BadNodeIdUnknown;
        }

        if (item.ItemToMonitor.AttributeId != Attributes.Value || node is not UaVariableNode v)
        {
            return StatusCodes.BadAttributeIdInvalid;
        }

        if (item.MonitoringMode is < MonitoringMode.Disabled or > MonitoringMode.Reporting)
        {
            return StatusCodes.BadMonitoringModeInvalid;
        }

        var filter = item.RequestedParameters.Filter;
        if (!filter.IsNull && filter.Body is not DataChangeFilter { DeadbandType: 0 })
        {
            return StatusCodes.BadMonitoredItemFilterUnsupported;
        }

        variable = v;
        return StatusCodes.Good;
    }

    private IServiceResponse DeleteMonitoredItems(ServerSession session, DeleteMonitoredItemsRequest request)
    {
        if (!session.Subscriptions.TryGetValue(request.SubscriptionId, out var subscription))
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSubscriptionIdInvalid);
        }

        var ids = request.MonitoredItemIds;
        if (ids is null || ids.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        var results = ids.Select(id => subscription.Items.Remove(id) ? StatusCodes.Good : StatusCodes.BadMonitoredItemIdInvalid).ToArray();
        return new DeleteMonitoredItemsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results, DiagnosticInfos = [] };
    }

    private IServiceResponse DeleteSubscriptions(ServerSession session, DeleteSubscriptionsRequest request)
    {
        var ids = request.SubscriptionIds;
        if (ids is null || ids.Length == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNothingToDo);
        }

        var results = ids.Select(id => session.Subscriptions.Remove(id) ? StatusCodes.Good : StatusCodes.BadSubscriptionIdInvalid).ToArray();
        if (session.Subscriptions.Count == 0)
        {
            // Parked Publish requests have nothing left to wait for.
            while (session.PublishQueue.TryDequeue(out var parked))
            {
                _outbox.Add((parked.Connection, parked.RequestId, ServiceFault.For(parked.Request.RequestHeader, StatusCodes.BadNoSubscription)));
            }
        }

        return new DeleteSubscriptionsResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), Results = results, DiagnosticInfos = [] };
    }

    private static IServiceResponse Republish(ServerSession session, RepublishRequest request)
    {
        if (!session.Subscriptions.TryGetValue(request.SubscriptionId, out var subscription))
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadSubscriptionIdInvalid);
        }

        var message = subscription.Retained.FirstOrDefault(m => m.SequenceNumber == request.RetransmitSequenceNumber);
        return message is null
            ? ServiceFault.For(request.RequestHeader, StatusCodes.BadMessageNotAvailable)
            : new RepublishResponse { ResponseHeader = ResponseHeader.For(request.RequestHeader), NotificationMessage = message };
    }

    private IServiceResponse? Publish(ServerSession session, ServerConnection connection, uint requestId, PublishRequest request)
    {
        var acks = request.SubscriptionAcknowledgements ?? [];
        var ackResults = new uint[acks.Length];
        for (var i = 0; i < acks.Length; i++)
        {
            ackResults[i] = session.Subscriptions.TryGetValue(acks[i].SubscriptionId, out var s)
                ? (RemoveRetained(s, acks[i].SequenceNumber) ? StatusCodes.Good : StatusCodes.BadSequenceNumberUnknown)
                : StatusCodes.BadSubscriptionIdInvalid;
        }

        if (session.Subscriptions.Count == 0 && session.PendingStatusChanges.Count == 0)
        {
            return ServiceFault.For(request.RequestHeader, StatusCodes.BadNoSubscription);
        }

        session.PublishQueue.Enqueue(new ParkedPublish(connection, requestId, request));
        PendingAckResults[(session, requestId)] = ackResults;
        if (session.PublishQueue.Count > Options.MaxPublishRequestsPerSession)
        {
            var oldest = session.PublishQueue.Dequeue();
            PendingAckResults.Remove((session, oldest.RequestId));
            _outbox.Add((oldest.Connection, oldest.RequestId, ServiceFault.For(oldest.Request.RequestHeader, StatusCodes.BadTooManyPublishRequests)));
        }

        ServeLate(session, DateTime.UtcNow);
        return null;
    }

    private Dictionary<(ServerSession, uint), uint[]> PendingAckResults { get; } = [];

    private static bool RemoveRetained(ServerSubscription subscription, uint sequenceNumber)
    {
        for (var node = subscription.Retained.First; node is not null; node = node.Next)
        {
            if (node.Value.SequenceNumber == sequenceNumber)
            {
                subscription.Retained.Remove(node);
                return true;
            }
        }

        return false;
    }

    private async Task TickLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Options.SubscriptionTick);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            List<(ServerConnection, uint, IServiceResponse)>? due = null;
            lock (AddressSpace.SyncRoot)
            {
                Tick(DateTime.UtcNow);
                if (_outbox.Count > 0)
                {
                    due = [.. _outbox];
                    _outbox.Clear();
                }
            }

            if (due is not null)
            {
                // Not awaited: a client that stops reading blocks only its own connection, never the publishing of others.
                _ = SendAllAsync(due);
            }
        }
    }

    private void Tick(DateTime now)
    {
        List<ServerSession>? expired = null;
        foreach (var session in _sessions.Values)
        {
            if (now - session.LastActivity > session.Timeout && session.PublishQueue.Count == 0)
            {
                (expired ??= []).Add(session);
                continue;
            }

            if (session.PublishQueue.Count > 0)
            {
                // Parked Publish requests keep the session alive.
                session.LastActivity = now;
            }

            List<uint>? dead = null;
            foreach (var subscription in session.Subscriptions.Values)
            {
                if (now < subscription.NextPublish)
                {
                    continue;
                }

                subscription.NextPublish = now.AddMilliseconds(subscription.PublishingInterval);
                var hasChanges = subscription.HasChanges();
                if (!hasChanges)
                {
                    subscription.KeepAliveCounter++;
                }

                if (hasChanges || subscription.KeepAliveCounter >= subscription.MaxKeepAliveCount || subscription.FirstCycle)
                {
                    if (!TrySend(session, subscription, now))
                    {
                        subscription.Late = true;
                        if (++subscription.LifetimeCounter >= subscription.LifetimeCount)
                        {
                            (dead ??= []).Add(subscription.Id);
                        }
                    }
                }
            }

            foreach (var id in dead ?? [])
            {
                session.Subscriptions.Remove(id);
                session.PendingStatusChanges.Enqueue((id, StatusCodes.BadTimeout));
            }

            ServeLate(session, now);
        }

        foreach (var session in expired ?? [])
        {
            Log($"session {session.SessionId} timed out");
            RemoveSession(session, StatusCodes.BadSessionClosed);
        }
    }

    private void ServeLate(ServerSession session, DateTime now)
    {
        while (session.PublishQueue.Count > 0 && session.PendingStatusChanges.TryDequeue(out var change))
        {
            var parked = session.PublishQueue.Dequeue();
            var message = new NotificationMessage
            {
                SequenceNumber = 1,
                PublishTime = now,
                NotificationData = [new ExtensionObject(new StatusChangeNotification { Status = change.Status })],
            };
            Respond(session, parked, change.SubscriptionId, message, []);
        }

        foreach (var subscription in session.Subscriptions.Values)
        {
            if (session.PublishQueue.Count == 0)
            {
                return;
            }

            if (subscription.Late)
            {
                TrySend(session, subscription, now);
            }
        }
    }

    private bool TrySend(ServerSession session, ServerSubscription subscription, DateTime now)
    {
        if (!session.PublishQueue.TryDequeue(out var parked))
        {
            return false;
        }

        subscription.Late = false;
        subscription.FirstCycle = false;
        subscription.LifetimeCounter = 0;
        subscription.KeepAliveCounter = 0;
        var changes = new List<MonitoredItemNotification>();
        var limit = subscription.MaxNotificationsPerPublish == 0 ? int.MaxValue : (int)subscription.MaxNotificationsPerPublish;
        var more = false;
        if (subscription.PublishingEnabled)
        {
            foreach (var item in subscription.Items.Values)
            {
                if (!item.HasChange)
                {
                    continue;
                }

                if (changes.Count >= limit)
                {
                    more = true;
                    break;
                }

                item.ReportedVersion = item.Node.Version;
                changes.Add(new MonitoredItemNotification { ClientHandle = item.ClientHandle, Value = WithTimestamps(item.Node.Value, item.Timestamps, now) });
            }
        }

        NotificationMessage message;
        if (changes.Count == 0)
        {
            // Keep-alive: carries the next sequence number without consuming it.
            message = new NotificationMessage { SequenceNumber = subscription.NextSequenceNumber, PublishTime = now, NotificationData = [] };
        }
        else
        {
            message = new NotificationMessage
            {
                SequenceNumber = subscription.NextSequenceNumber++,
                PublishTime = now,
                NotificationData = [new ExtensionObject(new DataChangeNotification { MonitoredItems = [.. changes], DiagnosticInfos = [] })],
            };
            subscription.Retained.AddLast(message);
            if (subscription.Retained.Count > ServerSubscription.MaxRetained)
            {
                subscription.Retained.RemoveFirst();
            }

            if (subscription.NextSequenceNumber == 0)
            {
                subscription.NextSequenceNumber = 1;
            }
        }

        Respond(session, parked, subscription.Id, message, [.. subscription.Retained.Select(m => m.SequenceNumber)], more);
        return true;
    }

    private void Respond(ServerSession session, ParkedPublish parked, uint subscriptionId, NotificationMessage message, uint[] available, bool more = false)
    {
        PendingAckResults.Remove((session, parked.RequestId), out var ackResults);
        _outbox.Add((parked.Connection, parked.RequestId, new PublishResponse
        {
            ResponseHeader = ResponseHeader.For(parked.Request.RequestHeader),
            SubscriptionId = subscriptionId,
            AvailableSequenceNumbers = available,
            MoreNotifications = more,
            NotificationMessage = message,
            Results = ackResults ?? [],
            DiagnosticInfos = [],
        }));
    }
}
