using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>A NodeId with an optional namespace URI and server index.</summary>
public readonly record struct ExpandedNodeId(NodeId NodeId, string? NamespaceUri = null, uint ServerIndex = 0)
{
    /// <summary>Wraps a local NodeId.</summary>
    public static implicit operator ExpandedNodeId(NodeId nodeId) => new(nodeId);

    /// <summary>Wraps a local NodeId.</summary>
    public static ExpandedNodeId FromNodeId(NodeId nodeId) => new(nodeId);

    /// <inheritdoc/>
    public override string ToString() =>
        (ServerIndex != 0 ? $"svr={ServerIndex};" : string.Empty) + (NamespaceUri is null ? string.Empty : $"nsu={NamespaceUri};") + NodeId;

    internal void Encode(UaBinaryWriter writer)
    {
        byte flags = 0;
        if (NamespaceUri is not null)
        {
            flags |= 0x80;
        }

        if (ServerIndex != 0)
        {
            flags |= 0x40;
        }

        NodeId.Encode(writer, flags);
        if (NamespaceUri is not null)
        {
            writer.WriteString(NamespaceUri);
        }

        if (ServerIndex != 0)
        {
            writer.WriteUInt32(ServerIndex);
        }
    }

    internal static ExpandedNodeId Decode(ref UaBinaryReader reader)
    {
        var nodeId = NodeId.Decode(ref reader, out var flags);
        var uri = (flags & 0x80) != 0 ? reader.ReadString() : null;
        var server = (flags & 0x40) != 0 ? reader.ReadUInt32() : 0;
        return new ExpandedNodeId(nodeId, uri, server);
    }
}
