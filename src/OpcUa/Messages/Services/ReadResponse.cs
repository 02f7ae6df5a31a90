// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Read Response (OPC 10000-4/-6).</summary>
public sealed class ReadResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 634;

    /// <summary>Results.</summary>
    public DataValue[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteArray(Results, static (x, v) => x.WriteDataValue(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadDataValue(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}
