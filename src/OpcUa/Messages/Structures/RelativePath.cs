// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A path of browse names (OPC 10000-4/-6).</summary>
public sealed class RelativePath : IUaStructure
{
    /// <summary>Elements.</summary>
    public RelativePathElement[]? Elements { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStructureArray(Elements);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Elements = r.ReadStructureArray<RelativePathElement>("Elements", Elements);
    }
}
