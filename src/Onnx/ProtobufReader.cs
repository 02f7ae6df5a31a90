using System.Buffers.Binary;
using System.Text;

namespace IndustrialSafeRL.Onnx;

/// <summary>
/// A strict protocol-buffers decoder over one message's bytes. Every read is bounds-checked; errors name the
/// absolute byte offset in the file and the message/field being read, so a malformed model can be diagnosed.
/// </summary>
internal sealed class ProtobufReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly byte[] _data;
    private readonly int _end;
    private readonly string _message;
    private int _position;

    public ProtobufReader(byte[] data, int start, int end, string message)
    {
        _data = data;
        _position = start;
        _end = end;
        _message = message;
    }

    /// <summary>True while fields remain in this message.</summary>
    public bool More => _position < _end;

    /// <summary>Absolute offset of the next byte.</summary>
    public int Position => _position;

    /// <summary>Reads the next field's tag: its number and wire type.</summary>
    public (int Field, int WireType, int Offset) Tag()
    {
        var offset = _position;
        var tag = RawVarint("tag");
        var field = tag >> 3;
        var wireType = (int)(tag & 7);
        if (field is 0 or > 536_870_911)
        {
            throw Error(offset, "tag", $"field number {field} is not valid");
        }

        if (wireType is 3 or 4 or 6 or 7)
        {
            throw Error(offset, $"field {field}", $"wire type {wireType} is not supported (groups and unknown wire types are refused)");
        }

        return ((int)field, wireType, offset);
    }

    /// <summary>Requires the wire type a field is declared with.</summary>
    public void Expect(int field, int wireType, int expected, int offset, string name)
    {
        if (wireType != expected)
        {
            throw Error(offset, $"{name} (field {field})", $"has wire type {wireType}, expected {expected} ({WireTypeName(expected)})");
        }
    }

    public long Int64(string field) => (long)RawVarint(field);

    public int Int32(string field)
    {
        var offset = _position;
        var value = (long)RawVarint(field);
        return value is < int.MinValue or > int.MaxValue
            ? throw Error(offset, field, $"value {value} does not fit a 32-bit integer")
            : (int)value;
    }

    public float Float(string field)
    {
        Need(4, field);
        var value = BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(_position, 4));
        _position += 4;
        return value;
    }

    public string String(string field)
    {
        var (start, length) = LengthPrefixed(field);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(_data, start, length);
        }
        catch (DecoderFallbackException e)
        {
            throw new OnnxFormatException(Error(start, field, "not valid UTF-8").Message, e);
        }
    }

    /// <summary>A nested message's reader, positioned after its length prefix.</summary>
    public ProtobufReader Message(string field, string message)
    {
        var (start, length) = LengthPrefixed(field);
        return new ProtobufReader(_data, start, start + length, message);
    }

    /// <summary>The payload of a length-delimited field (bytes or a packed list).</summary>
    public (int Start, int Length) LengthPrefixed(string field)
    {
        var offset = _position;
        var length = RawVarint($"{field} length");
        if (length > (ulong)(_end - _position))
        {
            throw Error(offset, field, $"length {length} runs past the end of the enclosing {_message} (byte {_end}, {_end - _position} bytes left)");
        }

        var start = _position;
        _position += (int)length;
        return (start, (int)length);
    }

    /// <summary>Packed floats (length-delimited) or one unpacked float (fixed32), appended to <paramref name="into"/>.</summary>
    public void Floats(int wireType, int offset, string field, List<float> into)
    {
        if (wireType == Fixed32)
        {
            into.Add(Float(field));
            return;
        }

        Expect(0, wireType, LengthDelimited, offset, field);
        var (start, length) = LengthPrefixed(field);
        if (length % 4 != 0)
        {
            throw Error(start, field, $"packed float list of {length} bytes is not a multiple of 4");
        }

        for (var i = 0; i < length; i += 4)
        {
            into.Add(BinaryPrimitives.ReadSingleLittleEndian(_data.AsSpan(start + i, 4)));
        }
    }

    /// <summary>Packed varints (length-delimited) or one unpacked varint, appended to <paramref name="into"/>.</summary>
    public void Int64s(int wireType, int offset, string field, List<long> into)
    {
        if (wireType == Varint)
        {
            into.Add(Int64(field));
            return;
        }

        Expect(0, wireType, LengthDelimited, offset, field);
        var nested = Message(field, $"{_message}.{field}");
        while (nested.More)
        {
            into.Add(nested.Int64(field));
        }
    }

    public ReadOnlySpan<byte> Span(int start, int length) => _data.AsSpan(start, length);

    /// <summary>Skips a field this reader does not interpret.</summary>
    public void Skip(int field, int wireType)
    {
        var name = $"field {field}";
        switch (wireType)
        {
            case Varint:
                RawVarint(name);
                break;
            case Fixed64:
                Need(8, name);
                _position += 8;
                break;
            case LengthDelimited:
                LengthPrefixed(name);
                break;
            case Fixed32:
                Need(4, name);
                _position += 4;
                break;
            default:
                throw Error(_position, name, $"wire type {wireType} cannot be skipped");
        }
    }

    public OnnxFormatException Error(int offset, string field, string problem) =>
        new($"malformed ONNX: {_message}.{field} at byte {offset}: {problem}");

    private ulong RawVarint(string field)
    {
        var offset = _position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _end)
            {
                throw Error(offset, field, $"truncated varint (the enclosing {_message} ends at byte {_end})");
            }

            var b = _data[_position++];
            if (shift == 63 && b > 1)
            {
                throw Error(offset, field, "varint overflows 64 bits");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Error(offset, field, "varint longer than 10 bytes");
    }

    private void Need(int count, string field)
    {
        if (_end - _position < count)
        {
            throw Error(_position, field, $"needs {count} bytes, only {_end - _position} left in the enclosing {_message}");
        }
    }

    private static string WireTypeName(int wireType) => wireType switch
    {
        Varint => "varint",
        Fixed64 => "64-bit",
        LengthDelimited => "length-delimited",
        Fixed32 => "32-bit",
        _ => "unknown",
    };
}
