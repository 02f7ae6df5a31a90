using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>A Publish request parked until a subscription has something to send.</summary>
internal readonly record struct ParkedPublish(ServerConnection Connection, uint RequestId, PublishRequest Request);
