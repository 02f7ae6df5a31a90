// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A change of subscription status (OPC 10000-4/-6).</summary>
public sealed class StatusChangeNotification : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 820;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Status.</summary>
    public uint Status { get; set; }

    /// <summary>Diagnostic Info.</summary>
    public DiagnosticInfo? DiagnosticInfo { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(Status);
        w.WriteDiagnosticInfo(DiagnosticInfo);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Status = r.ReadStatusCode();
        DiagnosticInfo = r.ReadDiagnosticInfo();
    }
}
