using System.Buffers.Binary;
using System.Text;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>Reads an element of type <typeparamref name="T"/>.</summary>
public delegate T UaReadFunc<T>(ref UaBinaryReader reader);

/// <summary>
/// UA Binary decoder over a span. Every length, array size, string size and nesting depth is checked against
/// <see cref="EncodingLimits"/> before anything is allocated; failures throw <see cref="UaStatusException"/> naming the
/// field and byte offset, which the channel layers turn into a Bad status.
/// </summary>
public ref struct UaBinaryReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private int _depth;

    /// <summary>Creates a reader.</summary>
    public UaBinaryReader(ReadOnlySpan<byte> buffer, EncodingLimits? limits = null)
    {
        _buffer = buffer;
        Limits = limits ?? EncodingLimits.Default;
    }

    /// <summary>The limits enforced.</summary>
    public EncodingLimits Limits { get; }

    /// <summary>Offset of the next byte.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Builds the exception for a malformed field.</summary>
    public readonly UaStatusException Fail(uint status, string what, int offset) =>
        new(status, $"{what} (byte {offset})");

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if ((uint)count > (uint)Remaining)
        {
            throw Fail(StatusCodes.BadDecodingError, $"{field} needs {count} bytes but only {Remaining} remain", _position);
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Reads raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count, "raw bytes");

    /// <summary>Boolean (any non-zero is true).</summary>
    public bool ReadBoolean() => Take(1, "Boolean")[0] != 0;

    /// <summary>SByte.</summary>
    public sbyte ReadSByte() => (sbyte)Take(1, "SByte")[0];

    /// <summary>Byte.</summary>
    public byte ReadByte() => Take(1, "Byte")[0];

    /// <summary>Int16.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2, "Int16"));

    /// <summary>UInt16.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, "UInt16"));

    /// <summary>Int32.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4, "Int32"));

    /// <summary>UInt32.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "UInt32"));

    /// <summary>Int64.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8, "Int64"));

    /// <summary>UInt64.</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "UInt64"));

    /// <summary>Float.</summary>
    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(Take(4, "Float"));

    /// <summary>Double.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, "Double"));

    /// <summary>DateTime: 0 or less is <see cref="DateTime.MinValue"/>, Int64.MaxValue is <see cref="DateTime.MaxValue"/>.</summary>
    public DateTime ReadDateTime()
    {
        var ticks = ReadInt64();
        return UaDateTime.FromWire(ticks);
    }

    /// <summary>Guid (same layout as <see cref="Guid.ToByteArray()"/>).</summary>
    public Guid ReadGuid() => new(Take(16, "Guid"));

    /// <summary>StatusCode.</summary>
    public uint ReadStatusCode() => ReadUInt32();

    private int ReadLength(string field, int max)
    {
        var start = _position;
        var length = ReadInt32();
        if (length < -1)
        {
            throw Fail(StatusCodes.BadDecodingError, $"{field} length {length} is negative", start);
        }

        if (length > max)
        {
            throw Fail(StatusCodes.BadEncodingLimitsExceeded, $"{field} length {length} exceeds the limit {max}", start);
        }

        if (length > Remaining)
        {
            throw Fail(StatusCodes.BadDecodingError, $"{field} length {length} exceeds the {Remaining} bytes left", start);
        }

        return length;
    }

    /// <summary>String; null for length −1.</summary>
    public string? ReadString()
    {
        var start = _position;
        var length = ReadLength("String", Limits.MaxStringLength);
        if (length < 0)
        {
            return null;
        }

        try
        {
            return length == 0 ? string.Empty : UaBinaryWriter.Utf8Strict.GetString(Take(length, "String"));
        }
        catch (DecoderFallbackException e)
        {
            throw new UaStatusException(StatusCodes.BadDecodingError, $"String is not valid UTF-8 (byte {start})", e);
        }
    }

    /// <summary>String through the identifier cache (for NodeId identifiers, which repeat every cycle).</summary>
    internal string? ReadIdentifierString()
    {
        var length = ReadLength("String", Limits.MaxStringLength);
        if (length < 0)
        {
            return null;
        }

        var start = _position;
        try
        {
            return length == 0 ? string.Empty : AsciiStringCache.Get(Take(length, "String"));
        }
        catch (DecoderFallbackException e)
        {
            throw new UaStatusException(StatusCodes.BadDecodingError, $"String is not valid UTF-8 (byte {start})", e);
        }
    }

    /// <summary>ByteString; null for length −1.</summary>
    public byte[]? ReadByteString()
    {
        var length = ReadLength("ByteString", Limits.MaxByteStringLength);
        return length < 0 ? null : Take(length, "ByteString").ToArray();
    }

    /// <summary>Array length (−1 null); bounded by the limit and by the bytes left (each element needs ≥ 1 byte).</summary>
    public int ReadArrayLength(string field)
    {
        var start = _position;
        var length = ReadInt32();
        if (length < -1)
        {
            throw Fail(StatusCodes.BadDecodingError, $"{field} array length {length} is negative", start);
        }

        if (length > Limits.MaxArrayLength)
        {
            throw Fail(StatusCodes.BadEncodingLimitsExceeded, $"{field} array length {length} exceeds the limit {Limits.MaxArrayLength}", start);
        }

        if (length > Remaining)
        {
            throw Fail(StatusCodes.BadDecodingError, $"{field} array length {length} exceeds the {Remaining} bytes left", start);
        }

        return length;
    }

    /// <summary>Array of elements; null for length −1. <paramref name="reuse"/> is filled in place when its length matches.</summary>
    public T[]? ReadArray<T>(string field, UaReadFunc<T> read, T[]? reuse = null)
    {
        var length = ReadArrayLength(field);
        if (length < 0)
        {
            return null;
        }

        var result = length == 0 ? [] : reuse is not null && reuse.Length == length ? reuse : new T[length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = read(ref this);
        }

        return result;
    }

    /// <summary>NodeId (any encoding form).</summary>
    public NodeId ReadNodeId()
    {
        var start = _position;
        var id = NodeId.Decode(ref this, out var flags);
        if (flags != 0)
        {
            throw Fail(StatusCodes.BadDecodingError, "NodeId carries ExpandedNodeId flags", start);
        }

        return id;
    }

    /// <summary>ExpandedNodeId.</summary>
    public ExpandedNodeId ReadExpandedNodeId() => ExpandedNodeId.Decode(ref this);

    /// <summary>QualifiedName.</summary>
    public QualifiedName ReadQualifiedName() => QualifiedName.Decode(ref this);

    /// <summary>LocalizedText.</summary>
    public LocalizedText ReadLocalizedText() => LocalizedText.Decode(ref this);

    /// <summary>Variant.</summary>
    public Variant ReadVariant() => Variant.Decode(ref this);

    /// <summary>DataValue.</summary>
    public DataValue ReadDataValue() => DataValue.Decode(ref this);

    /// <summary>ExtensionObject.</summary>
    public ExtensionObject ReadExtensionObject() => ExtensionObject.Decode(ref this);

    /// <summary>DiagnosticInfo (null when the mask is 0).</summary>
    public DiagnosticInfo? ReadDiagnosticInfo() => DiagnosticInfo.Decode(ref this);

    /// <summary>Array of structures; null for length −1. A <paramref name="reuse"/> array of matching length is decoded in place.</summary>
    public T[]? ReadStructureArray<T>(string field, T[]? reuse = null) where T : IUaStructure, new()
    {
        if (reuse is null || reuse.Length == 0)
        {
            return ReadArray(field, static (ref UaBinaryReader x) => x.ReadStructure<T>());
        }

        var start = _position;
        var length = ReadArrayLength(field);
        if (length != reuse.Length)
        {
            _position = start;
            return ReadArray(field, static (ref UaBinaryReader x) => x.ReadStructure<T>());
        }

        foreach (var item in reuse)
        {
            ReadStructureInto(item);
        }

        return reuse;
    }

    /// <summary>Decodes a structure into an existing instance.</summary>
    public void ReadStructureInto(IUaStructure target)
    {
        ArgumentNullException.ThrowIfNull(target);
        EnterNesting();
        target.Decode(ref this);
        _depth--;
    }

    /// <summary>A structure.</summary>
    public T ReadStructure<T>() where T : IUaStructure, new()
    {
        EnterNesting();
        var value = new T();
        value.Decode(ref this);
        _depth--;
        return value;
    }

    /// <summary>Enters one level of nesting; throws BadEncodingLimitsExceeded beyond <see cref="EncodingLimits.MaxDepth"/>.</summary>
    public void EnterNesting()
    {
        if (++_depth > Limits.MaxDepth)
        {
            throw Fail(StatusCodes.BadEncodingLimitsExceeded, $"nesting depth exceeds the limit {Limits.MaxDepth}", _position);
        }
    }

    /// <summary>Leaves one level of nesting.</summary>
    public void LeaveNesting() => _depth--;

    /// <summary>Current nesting depth (for nested readers over ExtensionObject bodies).</summary>
    public readonly int Depth => _depth;

    internal void SetDepth(int depth) => _depth = depth;
}
