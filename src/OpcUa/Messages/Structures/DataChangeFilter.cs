// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>When a value change is reported (OPC 10000-4/-6).</summary>
public sealed class DataChangeFilter : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 724;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Trigger.</summary>
    public DataChangeTrigger Trigger { get; set; }

    /// <summary>Deadband Type.</summary>
    public uint DeadbandType { get; set; }

    /// <summary>Deadband Value.</summary>
    public double DeadbandValue { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteInt32((int)Trigger);
        w.WriteUInt32(DeadbandType);
        w.WriteDouble(DeadbandValue);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Trigger = (DataChangeTrigger)r.ReadInt32();
        DeadbandType = r.ReadUInt32();
        DeadbandValue = r.ReadDouble();
    }
}
