// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>One reference found by Browse (OPC 10000-4/-6).</summary>
public sealed class ReferenceDescription : IUaStructure
{
    /// <summary>Reference Type Id.</summary>
    public NodeId ReferenceTypeId { get; set; }

    /// <summary>Is Forward.</summary>
    public bool IsForward { get; set; }

    /// <summary>Node Id.</summary>
    public ExpandedNodeId NodeId { get; set; }

    /// <summary>Browse Name.</summary>
    public QualifiedName BrowseName { get; set; }

    /// <summary>Display Name.</summary>
    public LocalizedText DisplayName { get; set; }

    /// <summary>Node Class.</summary>
    public NodeClass NodeClass { get; set; }

    /// <summary>Type Definition.</summary>
    public ExpandedNodeId TypeDefinition { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(ReferenceTypeId);
        w.WriteBoolean(IsForward);
        w.WriteExpandedNodeId(NodeId);
        w.WriteQualifiedName(BrowseName);
        w.WriteLocalizedText(DisplayName);
        w.WriteInt32((int)NodeClass);
        w.WriteExpandedNodeId(TypeDefinition);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ReferenceTypeId = r.ReadNodeId();
        IsForward = r.ReadBoolean();
        NodeId = r.ReadExpandedNodeId();
        BrowseName = r.ReadQualifiedName();
        DisplayName = r.ReadLocalizedText();
        NodeClass = (NodeClass)r.ReadInt32();
        TypeDefinition = r.ReadExpandedNodeId();
    }
}
