// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Activate Session Response (OPC 10000-4/-6).</summary>
public sealed class ActivateSessionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 470;

    /// <summary>Server Nonce.</summary>
    public byte[]? ServerNonce { get; set; }

    /// <summary>Results.</summary>
    public uint[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteByteString(ServerNonce);
        w.WriteArray(Results, static (x, v) => x.WriteStatusCode(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ServerNonce = r.ReadByteString();
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadStatusCode(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}
