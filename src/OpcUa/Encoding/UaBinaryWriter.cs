using System.Buffers.Binary;
using System.Text;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>Writes an element of type <typeparamref name="T"/>.</summary>
public delegate void UaWriteAction<T>(UaBinaryWriter writer, T value);

/// <summary>
/// UA Binary encoder into a reusable, growing buffer. Reset it and encode again: in steady state nothing is allocated.
/// </summary>
public sealed class UaBinaryWriter
{
    internal static readonly UTF8Encoding Utf8Strict = new(false, true);
    private byte[] _buffer;
    private int _position;

    /// <summary>Creates a writer with an initial capacity.</summary>
    public UaBinaryWriter(int capacity = 8192, EncodingLimits? limits = null)
    {
        _buffer = new byte[Math.Max(capacity, 64)];
        Limits = limits ?? EncodingLimits.Default;
    }

    /// <summary>Limits checked on encode (strings, arrays, total size).</summary>
    public EncodingLimits Limits { get; }

    /// <summary>Bytes written.</summary>
    public int Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Ensure(value - _position);
            _position = value;
        }
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    /// <summary>Underlying buffer (valid until the next write).</summary>
    internal byte[] Buffer => _buffer;

    /// <summary>Forgets the content, keeps the buffer.</summary>
    public void Reset() => _position = 0;

    private Span<byte> Grab(int count)
    {
        Ensure(count);
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private void Ensure(int count)
    {
        var needed = _position + count;
        if (needed > _buffer.Length)
        {
            if (needed > Limits.MaxMessageSize + 4096)
            {
                throw new UaStatusException(StatusCodes.BadEncodingLimitsExceeded, $"message exceeds {Limits.MaxMessageSize} bytes");
            }

            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }

    /// <summary>Raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Grab(bytes.Length));

    /// <summary>Boolean (1 or 0).</summary>
    public void WriteBoolean(bool value) => Grab(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>SByte.</summary>
    public void WriteSByte(sbyte value) => Grab(1)[0] = (byte)value;

    /// <summary>Byte.</summary>
    public void WriteByte(byte value) => Grab(1)[0] = value;

    /// <summary>Int16.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Grab(2), value);

    /// <summary>UInt16.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Grab(2), value);

    /// <summary>Int32.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Grab(4), value);

    /// <summary>UInt32.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Grab(4), value);

    /// <summary>Int64.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Grab(8), value);

    /// <summary>UInt64.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Grab(8), value);

    /// <summary>Float.</summary>
    public void WriteFloat(float value) => BinaryPrimitives.WriteSingleLittleEndian(Grab(4), value);

    /// <summary>Double.</summary>
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Grab(8), value);

    /// <summary>DateTime (clamped, UTC).</summary>
    public void WriteDateTime(DateTime value) => WriteInt64(UaDateTime.ToWire(value));

    /// <summary>Guid.</summary>
    public void WriteGuid(Guid value)
    {
        if (!value.TryWriteBytes(Grab(16)))
        {
            throw new UaStatusException(StatusCodes.BadEncodingError, "Guid could not be written");
        }
    }

    /// <summary>StatusCode.</summary>
    public void WriteStatusCode(uint value) => WriteUInt32(value);

    /// <summary>String (null → −1).</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var count = Utf8Strict.GetByteCount(value);
        if (count > Limits.MaxStringLength)
        {
            throw new UaStatusException(StatusCodes.BadEncodingLimitsExceeded, $"String of {count} bytes exceeds the limit {Limits.MaxStringLength}");
        }

        WriteInt32(count);
        Utf8Strict.GetBytes(value, Grab(count));
    }

    /// <summary>ByteString (null → −1).</summary>
    public void WriteByteString(ReadOnlySpan<byte> value, bool isNull = false)
    {
        if (isNull)
        {
            WriteInt32(-1);
            return;
        }

        if (value.Length > Limits.MaxByteStringLength)
        {
            throw new UaStatusException(StatusCodes.BadEncodingLimitsExceeded, $"ByteString of {value.Length} bytes exceeds the limit {Limits.MaxByteStringLength}");
        }

        WriteInt32(value.Length);
        WriteBytes(value);
    }

    /// <summary>ByteString (null → −1).</summary>
    public void WriteByteString(byte[]? value) => WriteByteString(value, value is null);

    /// <summary>Array (null → −1).</summary>
    public void WriteArray<T>(T[]? values, UaWriteAction<T> write)
    {
        if (values is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteArrayLength(values.Length);
        foreach (var value in values)
        {
            write(this, value);
        }
    }

    /// <summary>Array length with the limit check.</summary>
    public void WriteArrayLength(int length)
    {
        if (length > Limits.MaxArrayLength)
        {
            throw new UaStatusException(StatusCodes.BadEncodingLimitsExceeded, $"array of {length} elements exceeds the limit {Limits.MaxArrayLength}");
        }

        WriteInt32(length);
    }

    /// <summary>NodeId (smallest form).</summary>
    public void WriteNodeId(NodeId value) => value.Encode(this);

    /// <summary>ExpandedNodeId.</summary>
    public void WriteExpandedNodeId(ExpandedNodeId value) => value.Encode(this);

    /// <summary>QualifiedName.</summary>
    public void WriteQualifiedName(QualifiedName value) => value.Encode(this);

    /// <summary>LocalizedText.</summary>
    public void WriteLocalizedText(LocalizedText value) => value.Encode(this);

    /// <summary>Variant.</summary>
    public void WriteVariant(in Variant value) => value.Encode(this);

    /// <summary>DataValue.</summary>
    public void WriteDataValue(in DataValue value) => value.Encode(this);

    /// <summary>ExtensionObject.</summary>
    public void WriteExtensionObject(ExtensionObject value) => value.Encode(this);

    /// <summary>DiagnosticInfo (null → mask 0).</summary>
    public void WriteDiagnosticInfo(DiagnosticInfo? value) => DiagnosticInfo.Encode(this, value);

    /// <summary>Array of structures (null → −1).</summary>
    public void WriteStructureArray<T>(T[]? values) where T : IUaStructure => WriteArray(values, static (x, v) => x.WriteStructure(v));

    /// <summary>Structure fields.</summary>
    public void WriteStructure(IUaStructure value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.Encode(this);
    }

    /// <summary>Writes an Int32 at an earlier position (length back-patching).</summary>
    public void PatchInt32(int position, int value) => BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(position, 4), value);

    /// <summary>Writes a UInt32 at an earlier position.</summary>
    public void PatchUInt32(int position, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(position, 4), value);
}
