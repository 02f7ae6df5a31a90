using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>An Object node (folders, the Server object).</summary>
public sealed class UaObjectNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName)
    : UaNode(nodeId, NodeClass.Object, browseName, displayName)
{
    /// <summary>EventNotifier attribute (0: no events).</summary>
    public byte EventNotifier { get; init; }
}
