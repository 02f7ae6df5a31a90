// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Browse Request (OPC 10000-4/-6).</summary>
public sealed class BrowseRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 527;

    /// <summary>View.</summary>
    public ViewDescription View { get; set; } = new();

    /// <summary>Requested Max References Per Node.</summary>
    public uint RequestedMaxReferencesPerNode { get; set; }

    /// <summary>Nodes To Browse.</summary>
    public BrowseDescription[]? NodesToBrowse { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(View);
        w.WriteUInt32(RequestedMaxReferencesPerNode);
        w.WriteStructureArray(NodesToBrowse);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(View);
        RequestedMaxReferencesPerNode = r.ReadUInt32();
        NodesToBrowse = r.ReadStructureArray<BrowseDescription>("NodesToBrowse", NodesToBrowse);
    }
}
