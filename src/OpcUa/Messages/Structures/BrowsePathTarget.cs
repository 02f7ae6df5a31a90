// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A node a browse path leads to (OPC 10000-4/-6).</summary>
public sealed class BrowsePathTarget : IUaStructure
{
    /// <summary>Target Id.</summary>
    public ExpandedNodeId TargetId { get; set; }

    /// <summary>Remaining Path Index.</summary>
    public uint RemainingPathIndex { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteExpandedNodeId(TargetId);
        w.WriteUInt32(RemainingPathIndex);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        TargetId = r.ReadExpandedNodeId();
        RemainingPathIndex = r.ReadUInt32();
    }
}
