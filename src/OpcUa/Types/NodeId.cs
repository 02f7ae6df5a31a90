using System.Globalization;
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>Kind of a NodeId identifier.</summary>
public enum NodeIdType : byte
{
    /// <summary>UInt32 identifier (<c>i=</c>).</summary>
    Numeric,
    /// <summary>String identifier (<c>s=</c>).</summary>
    String,
    /// <summary>Guid identifier (<c>g=</c>).</summary>
    Guid,
    /// <summary>ByteString identifier (<c>b=</c>, base64).</summary>
    Opaque,
}

/// <summary>An OPC UA NodeId. Numeric ids are allocation-free; string, Guid and opaque ids hold a reference.</summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    private readonly uint _numeric;
    private readonly object? _identifier;

    /// <summary>A numeric NodeId.</summary>
    public NodeId(uint identifier, ushort namespaceIndex = 0)
    {
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.Numeric;
        _numeric = identifier;
    }

    /// <summary>A string NodeId.</summary>
    public NodeId(string identifier, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.String;
        _identifier = identifier;
    }

    /// <summary>A Guid NodeId.</summary>
    public NodeId(Guid identifier, ushort namespaceIndex)
    {
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.Guid;
        _identifier = identifier;
    }

    /// <summary>An opaque (ByteString) NodeId.</summary>
    public NodeId(byte[] identifier, ushort namespaceIndex)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        NamespaceIndex = namespaceIndex;
        IdType = NodeIdType.Opaque;
        _identifier = identifier;
    }

    /// <summary>The null NodeId (<c>i=0</c>).</summary>
    public static NodeId Null => default;

    /// <summary>Namespace index.</summary>
    public ushort NamespaceIndex { get; }

    /// <summary>Identifier kind.</summary>
    public NodeIdType IdType { get; }

    /// <summary>True for <c>ns=0;i=0</c>.</summary>
    public bool IsNull => IdType == NodeIdType.Numeric && _numeric == 0 && NamespaceIndex == 0;

    /// <summary>The numeric identifier (0 unless Numeric).</summary>
    public uint Numeric => _numeric;

    /// <summary>The identifier as an object (uint, string, Guid or byte[]).</summary>
    public object Identifier => IdType == NodeIdType.Numeric ? _numeric : _identifier!;

    /// <summary>Parses <c>ns=2;s=Name</c>, <c>i=85</c>, <c>ns=1;g=…</c>, <c>ns=1;b=base64</c>.</summary>
    public static NodeId Parse(string text)
    {
        if (!TryParse(text, out var id, out var error))
        {
            throw new FormatException($"NodeId '{text}': {error}");
        }

        return id;
    }

    /// <summary>Parses the text syntax; everything after the first <c>s=</c> is the identifier, taken literally.</summary>
    public static bool TryParse(string? text, out NodeId nodeId, out string error)
    {
        nodeId = default;
        error = "empty";
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ushort ns = 0;
        var rest = text.AsSpan();
        if (rest.StartsWith("ns="))
        {
            var semi = rest.IndexOf(';');
            if (semi < 0 || !ushort.TryParse(rest[3..semi], NumberStyles.None, CultureInfo.InvariantCulture, out ns))
            {
                error = "namespace index must be 'ns=<0..65535>;'";
                return false;
            }

            rest = rest[(semi + 1)..];
        }

        if (rest.Length < 2 || rest[1] != '=')
        {
            error = "identifier must start with i=, s=, g= or b=";
            return false;
        }

        var value = rest[2..];
        switch (rest[0])
        {
            case 'i' when uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n):
                nodeId = new NodeId(n, ns);
                return true;
            case 's':
                nodeId = new NodeId(value.ToString(), ns);
                return true;
            case 'g' when System.Guid.TryParse(value, out var g):
                nodeId = new NodeId(g, ns);
                return true;
            case 'b':
                try
                {
                    nodeId = new NodeId(Convert.FromBase64String(value.ToString()), ns);
                    return true;
                }
                catch (FormatException)
                {
                    error = "b= identifier is not base64";
                    return false;
                }

            default:
                error = $"identifier '{rest.ToString()}' is not valid: expected i=<uint>, s=<string>, g=<guid> or b=<base64>";
                return false;
        }
    }

    /// <inheritdoc/>
    public bool Equals(NodeId other)
    {
        if (NamespaceIndex != other.NamespaceIndex || IdType != other.IdType)
        {
            return false;
        }

        return IdType switch
        {
            NodeIdType.Numeric => _numeric == other._numeric,
            NodeIdType.String => string.Equals((string)_identifier!, (string)other._identifier!, StringComparison.Ordinal),
            NodeIdType.Guid => (Guid)_identifier! == (Guid)other._identifier!,
            _ => ((byte[])_identifier!).AsSpan().SequenceEqual((byte[])other._identifier!),
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = IdType switch
        {
            NodeIdType.Numeric => (int)_numeric,
            NodeIdType.String => StringComparer.Ordinal.GetHashCode((string)_identifier!),
            NodeIdType.Guid => _identifier!.GetHashCode(),
            _ => ByteHash((byte[])_identifier!),
        };
        return HashCode.Combine(NamespaceIndex, IdType, h);
    }

    private static int ByteHash(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString()
    {
        var prefix = NamespaceIndex == 0 ? string.Empty : $"ns={NamespaceIndex};";
        return IdType switch
        {
            NodeIdType.Numeric => $"{prefix}i={_numeric}",
            NodeIdType.String => $"{prefix}s={_identifier}",
            NodeIdType.Guid => $"{prefix}g={_identifier}",
            _ => $"{prefix}b={Convert.ToBase64String((byte[])_identifier!)}",
        };
    }

    internal void Encode(UaBinaryWriter writer, byte flags = 0)
    {
        switch (IdType)
        {
            case NodeIdType.Numeric when NamespaceIndex == 0 && _numeric <= 0xFF:
                writer.WriteByte(flags);
                writer.WriteByte((byte)_numeric);
                break;
            case NodeIdType.Numeric when NamespaceIndex <= 0xFF && _numeric <= 0xFFFF:
                writer.WriteByte((byte)(0x01 | flags));
                writer.WriteByte((byte)NamespaceIndex);
                writer.WriteUInt16((ushort)_numeric);
                break;
            case NodeIdType.Numeric:
                writer.WriteByte((byte)(0x02 | flags));
                writer.WriteUInt16(NamespaceIndex);
                writer.WriteUInt32(_numeric);
                break;
            case NodeIdType.String:
                writer.WriteByte((byte)(0x03 | flags));
                writer.WriteUInt16(NamespaceIndex);
                writer.WriteString((string)_identifier!);
                break;
            case NodeIdType.Guid:
                writer.WriteByte((byte)(0x04 | flags));
                writer.WriteUInt16(NamespaceIndex);
                writer.WriteGuid((Guid)_identifier!);
                break;
            default:
                writer.WriteByte((byte)(0x05 | flags));
                writer.WriteUInt16(NamespaceIndex);
                writer.WriteByteString((byte[])_identifier!);
                break;
        }
    }

    internal static NodeId Decode(ref UaBinaryReader reader, out byte flags)
    {
        var start = reader.Position;
        var encoding = reader.ReadByte();
        flags = (byte)(encoding & 0xC0);
        switch (encoding & 0x3F)
        {
            case 0x00:
                return new NodeId(reader.ReadByte());
            case 0x01:
                {
                    var ns = reader.ReadByte();
                    return new NodeId(reader.ReadUInt16(), ns);
                }

            case 0x02:
                {
                    var ns = reader.ReadUInt16();
                    return new NodeId(reader.ReadUInt32(), ns);
                }

            case 0x03:
                {
                    var ns = reader.ReadUInt16();
                    return new NodeId(reader.ReadIdentifierString() ?? throw reader.Fail(StatusCodes.BadDecodingError, "NodeId string identifier is null", start), ns);
                }

            case 0x04:
                {
                    var ns = reader.ReadUInt16();
                    return new NodeId(reader.ReadGuid(), ns);
                }

            case 0x05:
                {
                    var ns = reader.ReadUInt16();
                    return new NodeId(reader.ReadByteString() ?? [], ns);
                }

            default:
                throw reader.Fail(StatusCodes.BadDecodingError, $"NodeId encoding byte 0x{encoding:X2} is invalid", start);
        }
    }
}
