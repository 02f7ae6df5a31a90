// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Read Request (OPC 10000-4/-6).</summary>
public sealed class ReadRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 631;

    /// <summary>Max Age.</summary>
    public double MaxAge { get; set; }

    /// <summary>Timestamps To Return.</summary>
    public TimestampsToReturn TimestampsToReturn { get; set; }

    /// <summary>Nodes To Read.</summary>
    public ReadValueId[]? NodesToRead { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteDouble(MaxAge);
        w.WriteInt32((int)TimestampsToReturn);
        w.WriteStructureArray(NodesToRead);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        MaxAge = r.ReadDouble();
        TimestampsToReturn = (TimestampsToReturn)r.ReadInt32();
        NodesToRead = r.ReadStructureArray<ReadValueId>("NodesToRead", NodesToRead);
    }
}
