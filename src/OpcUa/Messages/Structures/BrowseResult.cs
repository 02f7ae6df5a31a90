// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>The references of one browsed node (OPC 10000-4/-6).</summary>
public sealed class BrowseResult : IUaStructure
{
    /// <summary>Status Code.</summary>
    public uint StatusCode { get; set; }

    /// <summary>Continuation Point.</summary>
    public byte[]? ContinuationPoint { get; set; }

    /// <summary>References.</summary>
    public ReferenceDescription[]? References { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(StatusCode);
        w.WriteByteString(ContinuationPoint);
        w.WriteStructureArray(References);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StatusCode = r.ReadStatusCode();
        ContinuationPoint = r.ReadByteString();
        References = r.ReadStructureArray<ReferenceDescription>("References", References);
    }
}
