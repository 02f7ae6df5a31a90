// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>The view to browse (OPC 10000-4/-6).</summary>
public sealed class ViewDescription : IUaStructure
{
    /// <summary>View Id.</summary>
    public NodeId ViewId { get; set; }

    /// <summary>Timestamp.</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>View Version.</summary>
    public uint ViewVersion { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(ViewId);
        w.WriteDateTime(Timestamp);
        w.WriteUInt32(ViewVersion);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ViewId = r.ReadNodeId();
        Timestamp = r.ReadDateTime();
        ViewVersion = r.ReadUInt32();
    }
}
