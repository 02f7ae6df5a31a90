// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A set of value changes (OPC 10000-4/-6).</summary>
public sealed class DataChangeNotification : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 811;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Monitored Items.</summary>
    public MonitoredItemNotification[]? MonitoredItems { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStructureArray(MonitoredItems);
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        MonitoredItems = r.ReadStructureArray<MonitoredItemNotification>("MonitoredItems", MonitoredItems);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}
