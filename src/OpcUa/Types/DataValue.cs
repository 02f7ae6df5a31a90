using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>A value with status and timestamps. The encoding mask records which fields are present on the wire.</summary>
public readonly struct DataValue
{
    /// <summary>Creates a DataValue; fields equal to their defaults are omitted from the encoding.</summary>
    public DataValue(Variant value, uint statusCode = StatusCodes.Good, DateTime sourceTimestamp = default,
        DateTime serverTimestamp = default, ushort sourcePicoseconds = 0, ushort serverPicoseconds = 0)
    {
        Value = value;
        StatusCode = statusCode;
        SourceTimestamp = sourceTimestamp;
        ServerTimestamp = serverTimestamp;
        SourcePicoseconds = sourcePicoseconds;
        ServerPicoseconds = serverPicoseconds;
        byte mask = 0;
        if (!value.IsNull) { mask |= 0x01; }
        if (statusCode != StatusCodes.Good) { mask |= 0x02; }
        if (sourceTimestamp != default) { mask |= 0x04; }
        if (serverTimestamp != default) { mask |= 0x08; }
        if (sourcePicoseconds != 0) { mask |= 0x10; }
        if (serverPicoseconds != 0) { mask |= 0x20; }
        EncodingMask = mask;
    }

    private DataValue(byte mask, Variant value, uint status, DateTime source, ushort sourcePs, DateTime server, ushort serverPs)
    {
        EncodingMask = mask;
        Value = value;
        StatusCode = status;
        SourceTimestamp = source;
        SourcePicoseconds = sourcePs;
        ServerTimestamp = server;
        ServerPicoseconds = serverPs;
    }

    /// <summary>A status-only DataValue (e.g. BadNodeIdUnknown for one read).</summary>
    public static DataValue FromStatus(uint statusCode) => new(default, statusCode);

    /// <summary>The value.</summary>
    public Variant Value { get; }

    /// <summary>StatusCode (Good when absent).</summary>
    public uint StatusCode { get; }

    /// <summary>Source timestamp (MinValue when absent).</summary>
    public DateTime SourceTimestamp { get; }

    /// <summary>Source picoseconds (10-ps units).</summary>
    public ushort SourcePicoseconds { get; }

    /// <summary>Server timestamp (MinValue when absent).</summary>
    public DateTime ServerTimestamp { get; }

    /// <summary>Server picoseconds (10-ps units).</summary>
    public ushort ServerPicoseconds { get; }

    /// <summary>Mask byte: 0x01 Value, 0x02 StatusCode, 0x04 SourceTimestamp, 0x08 ServerTimestamp, 0x10/0x20 picoseconds.</summary>
    public byte EncodingMask { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Value} {StatusCodes.Name(StatusCode)}";

    internal void Encode(UaBinaryWriter w)
    {
        var mask = EncodingMask;
        w.WriteByte(mask);
        if ((mask & 0x01) != 0) { w.WriteVariant(Value); }
        if ((mask & 0x02) != 0) { w.WriteStatusCode(StatusCode); }
        if ((mask & 0x04) != 0) { w.WriteDateTime(SourceTimestamp); }
        if ((mask & 0x10) != 0) { w.WriteUInt16(SourcePicoseconds); }
        if ((mask & 0x08) != 0) { w.WriteDateTime(ServerTimestamp); }
        if ((mask & 0x20) != 0) { w.WriteUInt16(ServerPicoseconds); }
    }

    internal static DataValue Decode(ref UaBinaryReader r)
    {
        var start = r.Position;
        var mask = r.ReadByte();
        if ((mask & 0xC0) != 0)
        {
            throw r.Fail(StatusCodes.BadDecodingError, $"DataValue mask 0x{mask:X2} has unknown bits", start);
        }

        r.EnterNesting();
        var value = (mask & 0x01) != 0 ? r.ReadVariant() : default;
        var status = (mask & 0x02) != 0 ? r.ReadStatusCode() : StatusCodes.Good;
        var source = (mask & 0x04) != 0 ? r.ReadDateTime() : default;
        var sourcePs = (mask & 0x10) != 0 ? r.ReadUInt16() : (ushort)0;
        var server = (mask & 0x08) != 0 ? r.ReadDateTime() : default;
        var serverPs = (mask & 0x20) != 0 ? r.ReadUInt16() : (ushort)0;
        r.LeaveNesting();
        return new DataValue(mask, value, status, source, sourcePs, server, serverPs);
    }
}
