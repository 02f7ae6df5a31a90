using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>Other node classes the subset exposes only for browsing (types).</summary>
public sealed class UaTypeNode(NodeId nodeId, NodeClass nodeClass, QualifiedName browseName, LocalizedText displayName)
    : UaNode(nodeId, nodeClass, browseName, displayName)
{
    /// <summary>IsAbstract attribute.</summary>
    public bool IsAbstract { get; init; }
}
