using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>One session: identity, timeout, subscriptions, parked Publish requests, browse continuation points.</summary>
internal sealed class ServerSession(NodeId sessionId, NodeId authenticationToken, string? name, TimeSpan timeout)
{
    public NodeId SessionId { get; } = sessionId;

    public NodeId AuthenticationToken { get; } = authenticationToken;

    public string? Name { get; } = name;

    public TimeSpan Timeout { get; } = timeout;

    public DateTime LastActivity { get; set; } = DateTime.UtcNow;

    public bool Activated { get; set; }

    /// <summary>Channel the session is bound to (ActivateSession from another channel moves it).</summary>
    public ServerConnection? Connection { get; set; }

    /// <summary>User name of the activated identity (null: anonymous).</summary>
    public string? UserName { get; set; }

    public Dictionary<uint, ServerSubscription> Subscriptions { get; } = [];

    public Queue<ParkedPublish> PublishQueue { get; } = new();

    /// <summary>Remaining references per continuation point (hex key of the point).</summary>
    public Dictionary<string, ReferenceDescription[]> ContinuationPoints { get; } = new(StringComparer.Ordinal);

    /// <summary>Status changes (e.g. an expired subscription) to deliver with the next Publish.</summary>
    public Queue<(uint SubscriptionId, uint Status)> PendingStatusChanges { get; } = new();
}
