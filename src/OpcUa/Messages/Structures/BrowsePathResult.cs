// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>The targets of one browse path (OPC 10000-4/-6).</summary>
public sealed class BrowsePathResult : IUaStructure
{
    /// <summary>Status Code.</summary>
    public uint StatusCode { get; set; }

    /// <summary>Targets.</summary>
    public BrowsePathTarget[]? Targets { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(StatusCode);
        w.WriteStructureArray(Targets);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StatusCode = r.ReadStatusCode();
        Targets = r.ReadStructureArray<BrowsePathTarget>("Targets", Targets);
    }
}
