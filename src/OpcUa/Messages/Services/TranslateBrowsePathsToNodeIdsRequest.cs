// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Translate Browse Paths To Node Ids Request (OPC 10000-4/-6).</summary>
public sealed class TranslateBrowsePathsToNodeIdsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 554;

    /// <summary>Browse Paths.</summary>
    public BrowsePath[]? BrowsePaths { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(BrowsePaths);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        BrowsePaths = r.ReadStructureArray<BrowsePath>("BrowsePaths", BrowsePaths);
    }
}
