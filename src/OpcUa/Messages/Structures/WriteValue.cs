// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>What to write (OPC 10000-4/-6).</summary>
public sealed class WriteValue : IUaStructure
{
    /// <summary>Node Id.</summary>
    public NodeId NodeId { get; set; }

    /// <summary>Attribute Id.</summary>
    public uint AttributeId { get; set; }

    /// <summary>Index Range.</summary>
    public string? IndexRange { get; set; }

    /// <summary>Value.</summary>
    public DataValue Value { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(NodeId);
        w.WriteUInt32(AttributeId);
        w.WriteString(IndexRange);
        w.WriteDataValue(Value);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        NodeId = r.ReadNodeId();
        AttributeId = r.ReadUInt32();
        IndexRange = r.ReadString();
        Value = r.ReadDataValue();
    }
}
