// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>One value change (OPC 10000-4/-6).</summary>
public sealed class MonitoredItemNotification : IUaStructure
{
    /// <summary>Client Handle.</summary>
    public uint ClientHandle { get; set; }

    /// <summary>Value.</summary>
    public DataValue Value { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(ClientHandle);
        w.WriteDataValue(Value);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ClientHandle = r.ReadUInt32();
        Value = r.ReadDataValue();
    }
}
