using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>
/// A Variant: a scalar or one-dimensional array of one built-in type. Numeric scalars live in a 64-bit field, so
/// creating, encoding and decoding them allocates nothing; strings, structures and arrays are held by reference.
/// </summary>
public readonly struct Variant
{
    private readonly long _bits;
    private readonly object? _ref;
    private readonly int[]? _dimensions;

    private Variant(BuiltInType type, long bits, object? reference, bool isArray = false, int[]? dimensions = null)
    {
        Type = type;
        _bits = bits;
        _ref = reference;
        IsArray = isArray;
        _dimensions = dimensions;
    }

    /// <summary>Double.</summary>
    public Variant(double value) : this(BuiltInType.Double, BitConverter.DoubleToInt64Bits(value), null) { }

    /// <summary>Float.</summary>
    public Variant(float value) : this(BuiltInType.Float, BitConverter.SingleToInt32Bits(value), null) { }

    /// <summary>Boolean.</summary>
    public Variant(bool value) : this(BuiltInType.Boolean, value ? 1 : 0, null) { }

    /// <summary>Int32.</summary>
    public Variant(int value) : this(BuiltInType.Int32, value, null) { }

    /// <summary>UInt32.</summary>
    public Variant(uint value) : this(BuiltInType.UInt32, value, null) { }

    /// <summary>Int16.</summary>
    public Variant(short value) : this(BuiltInType.Int16, value, null) { }

    /// <summary>UInt16.</summary>
    public Variant(ushort value) : this(BuiltInType.UInt16, value, null) { }

    /// <summary>Int64.</summary>
    public Variant(long value) : this(BuiltInType.Int64, value, null) { }

    /// <summary>UInt64.</summary>
    public Variant(ulong value) : this(BuiltInType.UInt64, unchecked((long)value), null) { }

    /// <summary>Byte.</summary>
    public Variant(byte value) : this(BuiltInType.Byte, value, null) { }

    /// <summary>SByte.</summary>
    public Variant(sbyte value) : this(BuiltInType.SByte, value, null) { }

    /// <summary>DateTime.</summary>
    public Variant(DateTime value) : this(BuiltInType.DateTime, UaDateTime.ToWire(value), null) { }

    /// <summary>String (null is a null String, not a null Variant).</summary>
    public Variant(string? value) : this(BuiltInType.String, 0, value) { }

    /// <summary>ByteString.</summary>
    public Variant(byte[]? value) : this(BuiltInType.ByteString, 0, value) { }

    /// <summary>NodeId.</summary>
    public Variant(NodeId value) : this(BuiltInType.NodeId, 0, value) { }

    /// <summary>QualifiedName.</summary>
    public Variant(QualifiedName value) : this(BuiltInType.QualifiedName, 0, value) { }

    /// <summary>LocalizedText.</summary>
    public Variant(LocalizedText value) : this(BuiltInType.LocalizedText, 0, value) { }

    /// <summary>ExtensionObject.</summary>
    public Variant(ExtensionObject value) : this(BuiltInType.ExtensionObject, 0, value) { }

    /// <summary>A one-dimensional array; <paramref name="array"/> must be the CLR array of <paramref name="elementType"/>.</summary>
    public Variant(Array array, BuiltInType elementType, int[]? dimensions = null)
        : this(elementType, 0, array ?? throw new ArgumentNullException(nameof(array)), true, dimensions)
    {
        var expected = ElementClrType(elementType);
        if (array.GetType().GetElementType() != expected)
        {
            throw new ArgumentException($"{elementType} arrays are {expected.Name}[], not {array.GetType().Name}", nameof(array));
        }
    }

    /// <summary>A StatusCode scalar.</summary>
    public static Variant FromStatusCode(uint code) => new(BuiltInType.StatusCode, code, null);

    /// <summary>The null Variant.</summary>
    public static Variant Null => default;

    /// <summary>Built-in type (of the elements for arrays).</summary>
    public BuiltInType Type { get; }

    /// <summary>True for arrays.</summary>
    public bool IsArray { get; }

    /// <summary>True for the null Variant.</summary>
    public bool IsNull => Type == BuiltInType.Null;

    /// <summary>ArrayDimensions, when sent.</summary>
    public int[]? Dimensions => _dimensions;

    /// <summary>The Double value; throws unless the Variant is a Double scalar.</summary>
    public double AsDouble() => Type == BuiltInType.Double && !IsArray
        ? BitConverter.Int64BitsToDouble(_bits)
        : throw new InvalidCastException($"Variant is {Describe()}, not Double");

    /// <summary>Any numeric or Boolean scalar as a double, without allocating.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        if (IsArray)
        {
            return false;
        }

        switch (Type)
        {
            case BuiltInType.Double: value = BitConverter.Int64BitsToDouble(_bits); return true;
            case BuiltInType.Float: value = BitConverter.Int32BitsToSingle((int)_bits); return true;
            case BuiltInType.Boolean:
            case BuiltInType.SByte:
            case BuiltInType.Byte:
            case BuiltInType.Int16:
            case BuiltInType.UInt16:
            case BuiltInType.Int32:
            case BuiltInType.UInt32:
            case BuiltInType.Int64: value = _bits; return true;
            case BuiltInType.UInt64: value = unchecked((ulong)_bits); return true;
            default: return false;
        }
    }

    /// <summary>The value boxed (allocates for scalars; for diagnostics and tests).</summary>
    public object? Value
    {
        get
        {
            if (IsArray || _ref is not null)
            {
                return _ref;
            }

            return Type switch
            {
                BuiltInType.Null => null,
                BuiltInType.Boolean => _bits != 0,
                BuiltInType.SByte => (sbyte)_bits,
                BuiltInType.Byte => (byte)_bits,
                BuiltInType.Int16 => (short)_bits,
                BuiltInType.UInt16 => (ushort)_bits,
                BuiltInType.Int32 => (int)_bits,
                BuiltInType.UInt32 or BuiltInType.StatusCode => (uint)_bits,
                BuiltInType.Int64 => _bits,
                BuiltInType.UInt64 => unchecked((ulong)_bits),
                BuiltInType.Float => BitConverter.Int32BitsToSingle((int)_bits),
                BuiltInType.Double => BitConverter.Int64BitsToDouble(_bits),
                BuiltInType.DateTime => UaDateTime.FromWire(_bits),
                _ => null,
            };
        }
    }

    /// <summary>Short description: type and value.</summary>
    public string Describe() => IsArray ? $"{Type}[{((Array)_ref!).Length}]" : $"{Type} {Value}";

    /// <inheritdoc/>
    public override string ToString() => Describe();

    private static Type ElementClrType(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => typeof(bool),
        BuiltInType.SByte => typeof(sbyte),
        BuiltInType.Byte => typeof(byte),
        BuiltInType.Int16 => typeof(short),
        BuiltInType.UInt16 => typeof(ushort),
        BuiltInType.Int32 => typeof(int),
        BuiltInType.UInt32 or BuiltInType.StatusCode => typeof(uint),
        BuiltInType.Int64 => typeof(long),
        BuiltInType.UInt64 => typeof(ulong),
        BuiltInType.Float => typeof(float),
        BuiltInType.Double => typeof(double),
        BuiltInType.String or BuiltInType.XmlElement => typeof(string),
        BuiltInType.DateTime => typeof(DateTime),
        BuiltInType.Guid => typeof(Guid),
        BuiltInType.ByteString => typeof(byte[]),
        BuiltInType.NodeId => typeof(NodeId),
        BuiltInType.ExpandedNodeId => typeof(ExpandedNodeId),
        BuiltInType.QualifiedName => typeof(QualifiedName),
        BuiltInType.LocalizedText => typeof(LocalizedText),
        BuiltInType.ExtensionObject => typeof(ExtensionObject),
        BuiltInType.DataValue => typeof(DataValue),
        BuiltInType.Variant => typeof(Variant),
        BuiltInType.DiagnosticInfo => typeof(DiagnosticInfo),
        _ => typeof(void),
    };

    internal void Encode(UaBinaryWriter w)
    {
        if (Type == BuiltInType.Null)
        {
            w.WriteByte(0);
            return;
        }

        if (!IsArray)
        {
            w.WriteByte((byte)Type);
            EncodeScalar(w);
            return;
        }

        w.WriteByte((byte)((byte)Type | 0x80 | (_dimensions is null ? 0 : 0x40)));
        var array = (Array)_ref!;
        w.WriteArrayLength(array.Length);
        switch (array)
        {
            case bool[] a: foreach (var x in a) { w.WriteBoolean(x); } break;
            case sbyte[] a: foreach (var x in a) { w.WriteSByte(x); } break;
            case byte[] a: w.WriteBytes(a); break;
            case short[] a: foreach (var x in a) { w.WriteInt16(x); } break;
            case ushort[] a: foreach (var x in a) { w.WriteUInt16(x); } break;
            case int[] a: foreach (var x in a) { w.WriteInt32(x); } break;
            case uint[] a: foreach (var x in a) { w.WriteUInt32(x); } break;
            case long[] a: foreach (var x in a) { w.WriteInt64(x); } break;
            case ulong[] a: foreach (var x in a) { w.WriteUInt64(x); } break;
            case float[] a: foreach (var x in a) { w.WriteFloat(x); } break;
            case double[] a: foreach (var x in a) { w.WriteDouble(x); } break;
            case string[] a: foreach (var x in a) { w.WriteString(x); } break;
            case DateTime[] a: foreach (var x in a) { w.WriteDateTime(x); } break;
            case Guid[] a: foreach (var x in a) { w.WriteGuid(x); } break;
            case byte[][] a: foreach (var x in a) { w.WriteByteString(x); } break;
            case NodeId[] a: foreach (var x in a) { w.WriteNodeId(x); } break;
            case ExpandedNodeId[] a: foreach (var x in a) { w.WriteExpandedNodeId(x); } break;
            case QualifiedName[] a: foreach (var x in a) { w.WriteQualifiedName(x); } break;
            case LocalizedText[] a: foreach (var x in a) { w.WriteLocalizedText(x); } break;
            case ExtensionObject[] a: foreach (var x in a) { w.WriteExtensionObject(x); } break;
            case DataValue[] a: foreach (var x in a) { w.WriteDataValue(x); } break;
            case Variant[] a: foreach (var x in a) { w.WriteVariant(x); } break;
            case DiagnosticInfo?[] a: foreach (var x in a) { w.WriteDiagnosticInfo(x); } break;
            default: throw new UaStatusException(StatusCodes.BadEncodingError, $"Variant array of {array.GetType().Name} cannot be encoded");
        }

        if (_dimensions is not null)
        {
            w.WriteArrayLength(_dimensions.Length);
            foreach (var d in _dimensions)
            {
                w.WriteInt32(d);
            }
        }
    }

    private void EncodeScalar(UaBinaryWriter w)
    {
        switch (Type)
        {
            case BuiltInType.Boolean: w.WriteBoolean(_bits != 0); break;
            case BuiltInType.SByte: w.WriteSByte((sbyte)_bits); break;
            case BuiltInType.Byte: w.WriteByte((byte)_bits); break;
            case BuiltInType.Int16: w.WriteInt16((short)_bits); break;
            case BuiltInType.UInt16: w.WriteUInt16((ushort)_bits); break;
            case BuiltInType.Int32: w.WriteInt32((int)_bits); break;
            case BuiltInType.UInt32:
            case BuiltInType.StatusCode: w.WriteUInt32((uint)_bits); break;
            case BuiltInType.Int64:
            case BuiltInType.UInt64:
            case BuiltInType.DateTime: w.WriteInt64(_bits); break;
            case BuiltInType.Float: w.WriteInt32((int)_bits); break;
            case BuiltInType.Double: w.WriteInt64(_bits); break;
            case BuiltInType.String:
            case BuiltInType.XmlElement: w.WriteString((string?)_ref); break;
            case BuiltInType.Guid: w.WriteGuid((Guid)_ref!); break;
            case BuiltInType.ByteString: w.WriteByteString((byte[]?)_ref); break;
            case BuiltInType.NodeId: w.WriteNodeId((NodeId)_ref!); break;
            case BuiltInType.ExpandedNodeId: w.WriteExpandedNodeId((ExpandedNodeId)_ref!); break;
            case BuiltInType.QualifiedName: w.WriteQualifiedName((QualifiedName)_ref!); break;
            case BuiltInType.LocalizedText: w.WriteLocalizedText((LocalizedText)_ref!); break;
            case BuiltInType.ExtensionObject: w.WriteExtensionObject((ExtensionObject)_ref!); break;
            case BuiltInType.DataValue: w.WriteDataValue((DataValue)_ref!); break;
            case BuiltInType.DiagnosticInfo: w.WriteDiagnosticInfo((DiagnosticInfo?)_ref); break;
            default: throw new UaStatusException(StatusCodes.BadEncodingError, $"Variant of type {Type} cannot be encoded as a scalar");
        }
    }

    internal static Variant Decode(ref UaBinaryReader r)
    {
        var start = r.Position;
        var mask = r.ReadByte();
        var type = (BuiltInType)(mask & 0x3F);
        if ((byte)type > (byte)BuiltInType.DiagnosticInfo)
        {
            throw r.Fail(StatusCodes.BadDecodingError, $"Variant built-in type {(byte)type} is unknown", start);
        }

        if (type == BuiltInType.Null)
        {
            return default;
        }

        if ((mask & 0x80) == 0)
        {
            if ((mask & 0x40) != 0)
            {
                throw r.Fail(StatusCodes.BadDecodingError, "Variant has ArrayDimensions without the array bit", start);
            }

            return DecodeScalar(ref r, type, start);
        }

        r.EnterNesting();
        var length = r.ReadArrayLength("Variant");
        Array array = DecodeArray(ref r, type, Math.Max(length, 0));
        int[]? dims = null;
        if ((mask & 0x40) != 0)
        {
            dims = r.ReadArray("ArrayDimensions", static (ref UaBinaryReader x) => x.ReadInt32());
        }

        r.LeaveNesting();
        return new Variant(type, 0, array, true, dims);
    }

    private static Variant DecodeScalar(ref UaBinaryReader r, BuiltInType type, int start) => type switch
    {
        BuiltInType.Boolean => new Variant(r.ReadBoolean()),
        BuiltInType.SByte => new Variant(r.ReadSByte()),
        BuiltInType.Byte => new Variant(r.ReadByte()),
        BuiltInType.Int16 => new Variant(r.ReadInt16()),
        BuiltInType.UInt16 => new Variant(r.ReadUInt16()),
        BuiltInType.Int32 => new Variant(r.ReadInt32()),
        BuiltInType.UInt32 => new Variant(r.ReadUInt32()),
        BuiltInType.Int64 => new Variant(r.ReadInt64()),
        BuiltInType.UInt64 => new Variant(r.ReadUInt64()),
        BuiltInType.Float => new Variant(r.ReadFloat()),
        BuiltInType.Double => new Variant(r.ReadDouble()),
        BuiltInType.String => new Variant(r.ReadString()),
        BuiltInType.DateTime => new Variant(BuiltInType.DateTime, r.ReadInt64(), null),
        BuiltInType.Guid => new Variant(BuiltInType.Guid, 0, r.ReadGuid()),
        BuiltInType.ByteString => new Variant(r.ReadByteString()),
        BuiltInType.XmlElement => new Variant(BuiltInType.XmlElement, 0, r.ReadString()),
        BuiltInType.NodeId => new Variant(r.ReadNodeId()),
        BuiltInType.ExpandedNodeId => new Variant(BuiltInType.ExpandedNodeId, 0, r.ReadExpandedNodeId()),
        BuiltInType.StatusCode => FromStatusCode(r.ReadUInt32()),
        BuiltInType.QualifiedName => new Variant(r.ReadQualifiedName()),
        BuiltInType.LocalizedText => new Variant(r.ReadLocalizedText()),
        BuiltInType.ExtensionObject => new Variant(r.ReadExtensionObject()),
        BuiltInType.DataValue => new Variant(BuiltInType.DataValue, 0, r.ReadDataValue()),
        BuiltInType.DiagnosticInfo => new Variant(BuiltInType.DiagnosticInfo, 0, r.ReadDiagnosticInfo()),
        _ => throw r.Fail(StatusCodes.BadDecodingError, "a scalar Variant cannot contain a Variant", start),
    };

    private static T[] Fill<T>(ref UaBinaryReader r, int length, UaReadFunc<T> read)
    {
        var result = new T[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = read(ref r);
        }

        return result;
    }

    private static Array DecodeArray(ref UaBinaryReader r, BuiltInType type, int n) => type switch
    {
        BuiltInType.Boolean => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadBoolean()),
        BuiltInType.SByte => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadSByte()),
        BuiltInType.Byte => r.ReadBytes(n).ToArray(),
        BuiltInType.Int16 => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadInt16()),
        BuiltInType.UInt16 => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadUInt16()),
        BuiltInType.Int32 => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadInt32()),
        BuiltInType.UInt32 or BuiltInType.StatusCode => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadUInt32()),
        BuiltInType.Int64 => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadInt64()),
        BuiltInType.UInt64 => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadUInt64()),
        BuiltInType.Float => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadFloat()),
        BuiltInType.Double => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadDouble()),
        BuiltInType.String or BuiltInType.XmlElement => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadString()),
        BuiltInType.DateTime => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadDateTime()),
        BuiltInType.Guid => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadGuid()),
        BuiltInType.ByteString => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadByteString()),
        BuiltInType.NodeId => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadNodeId()),
        BuiltInType.ExpandedNodeId => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadExpandedNodeId()),
        BuiltInType.QualifiedName => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadQualifiedName()),
        BuiltInType.LocalizedText => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadLocalizedText()),
        BuiltInType.ExtensionObject => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadExtensionObject()),
        BuiltInType.DataValue => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadDataValue()),
        BuiltInType.Variant => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadVariant()),
        _ => Fill(ref r, n, static (ref UaBinaryReader x) => x.ReadDiagnosticInfo()),
    };
}
