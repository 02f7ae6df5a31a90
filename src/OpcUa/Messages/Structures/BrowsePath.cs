// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A starting node and a relative path (OPC 10000-4/-6).</summary>
public sealed class BrowsePath : IUaStructure
{
    /// <summary>Starting Node.</summary>
    public NodeId StartingNode { get; set; }

    /// <summary>Relative Path.</summary>
    public RelativePath RelativePath { get; set; } = new();

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(StartingNode);
        w.WriteStructure(RelativePath);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StartingNode = r.ReadNodeId();
        r.ReadStructureInto(RelativePath);
    }
}
