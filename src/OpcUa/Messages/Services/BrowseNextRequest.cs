// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Browse Next Request (OPC 10000-4/-6).</summary>
public sealed class BrowseNextRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 533;

    /// <summary>Release Continuation Points.</summary>
    public bool ReleaseContinuationPoints { get; set; }

    /// <summary>Continuation Points.</summary>
    public byte[]?[]? ContinuationPoints { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteBoolean(ReleaseContinuationPoints);
        w.WriteArray(ContinuationPoints, static (x, v) => x.WriteByteString(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ReleaseContinuationPoints = r.ReadBoolean();
        ContinuationPoints = r.ReadArray("ContinuationPoints", static (ref UaBinaryReader x) => x.ReadByteString(), ContinuationPoints);
    }
}
