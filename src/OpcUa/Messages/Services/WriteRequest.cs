// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Write Request (OPC 10000-4/-6).</summary>
public sealed class WriteRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 673;

    /// <summary>Nodes To Write.</summary>
    public WriteValue[]? NodesToWrite { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(NodesToWrite);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        NodesToWrite = r.ReadStructureArray<WriteValue>("NodesToWrite", NodesToWrite);
    }
}
