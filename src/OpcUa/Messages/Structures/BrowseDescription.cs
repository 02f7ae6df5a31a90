// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A node to browse and the references to follow (OPC 10000-4/-6).</summary>
public sealed class BrowseDescription : IUaStructure
{
    /// <summary>Node Id.</summary>
    public NodeId NodeId { get; set; }

    /// <summary>Browse Direction.</summary>
    public BrowseDirection BrowseDirection { get; set; }

    /// <summary>Reference Type Id.</summary>
    public NodeId ReferenceTypeId { get; set; }

    /// <summary>Include Subtypes.</summary>
    public bool IncludeSubtypes { get; set; }

    /// <summary>Node Class Mask.</summary>
    public uint NodeClassMask { get; set; }

    /// <summary>Result Mask.</summary>
    public uint ResultMask { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(NodeId);
        w.WriteInt32((int)BrowseDirection);
        w.WriteNodeId(ReferenceTypeId);
        w.WriteBoolean(IncludeSubtypes);
        w.WriteUInt32(NodeClassMask);
        w.WriteUInt32(ResultMask);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        NodeId = r.ReadNodeId();
        BrowseDirection = (BrowseDirection)r.ReadInt32();
        ReferenceTypeId = r.ReadNodeId();
        IncludeSubtypes = r.ReadBoolean();
        NodeClassMask = r.ReadUInt32();
        ResultMask = r.ReadUInt32();
    }
}
