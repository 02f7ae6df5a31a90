using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>A node of the server's address space.</summary>
public abstract class UaNode(NodeId nodeId, NodeClass nodeClass, QualifiedName browseName, LocalizedText displayName)
{
    private readonly List<UaReference> _references = [];

    /// <summary>The NodeId.</summary>
    public NodeId NodeId { get; } = nodeId;

    /// <summary>Object, Variable, …</summary>
    public NodeClass NodeClass { get; } = nodeClass;

    /// <summary>Browse name (namespace index matters).</summary>
    public QualifiedName BrowseName { get; } = browseName;

    /// <summary>Display name.</summary>
    public LocalizedText DisplayName { get; } = displayName;

    /// <summary>Description.</summary>
    public LocalizedText Description { get; init; }

    /// <summary>Type definition (HasTypeDefinition target).</summary>
    public NodeId TypeDefinition { get; init; }

    /// <summary>References in both directions.</summary>
    public IReadOnlyList<UaReference> References => _references;

    internal void AddReference(UaReference reference) => _references.Add(reference);
}
