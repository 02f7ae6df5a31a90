using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>
/// A fixed list of variables resolved once (NodeIds and exact data types), with the Read and Write requests prebuilt so a
/// control loop can read and write the whole set every cycle without building requests again. Not for concurrent use:
/// one call on a TagSet at a time.
/// </summary>
public sealed class TagSet
{
    private readonly BuiltInType[] _types;

    internal TagSet(NodeId[] nodeIds, BuiltInType[] types)
    {
        NodeIds = nodeIds;
        _types = types;
        ReadRequest = new ReadRequest
        {
            TimestampsToReturn = TimestampsToReturn.Both,
            NodesToRead = [.. nodeIds.Select(id => new ReadValueId { NodeId = id, AttributeId = 13 })],
        };
        WriteRequest = new WriteRequest { NodesToWrite = [.. nodeIds.Select(id => new WriteValue { NodeId = id, AttributeId = 13 })] };
    }

    /// <summary>The NodeIds, in the order values are read and written.</summary>
    public IReadOnlyList<NodeId> NodeIds { get; }

    /// <summary>The built-in type of each variable (what a Write must send).</summary>
    public IReadOnlyList<BuiltInType> DataTypes => _types;

    /// <summary>Number of tags.</summary>
    public int Count => NodeIds.Count;

    internal ReadRequest ReadRequest { get; }

    internal WriteRequest WriteRequest { get; }

    /// <summary>Response objects the client decodes into every cycle (their arrays are refilled in place).</summary>
    internal ReadResponse ReadTarget { get; } = new();

    /// <summary>See <see cref="ReadTarget"/>.</summary>
    internal WriteResponse WriteTarget { get; } = new();

    /// <summary>Maps a DataType NodeId to a scalar built-in type the tag API can convert from/to double.</summary>
    internal static bool TryMapDataType(NodeId dataType, out BuiltInType type)
    {
        type = BuiltInType.Null;
        if (dataType.NamespaceIndex != 0 || dataType.IdType != NodeIdType.Numeric || dataType.Numeric is < 1 or > 11)
        {
            return false;
        }

        type = (BuiltInType)dataType.Numeric;
        return true;
    }

    /// <summary>Converts a double into a Variant of exactly the tag's type (BadTypeMismatch otherwise).</summary>
    internal Variant ToVariant(int index, double value) => _types[index] switch
    {
        BuiltInType.Double => new Variant(value),
        BuiltInType.Float => new Variant((float)value),
        BuiltInType.Boolean => new Variant(value != 0),
        BuiltInType.SByte => new Variant(checked((sbyte)Math.Round(value))),
        BuiltInType.Byte => new Variant(checked((byte)Math.Round(value))),
        BuiltInType.Int16 => new Variant(checked((short)Math.Round(value))),
        BuiltInType.UInt16 => new Variant(checked((ushort)Math.Round(value))),
        BuiltInType.Int32 => new Variant(checked((int)Math.Round(value))),
        BuiltInType.UInt32 => new Variant(checked((uint)Math.Round(value))),
        BuiltInType.Int64 => new Variant(checked((long)Math.Round(value))),
        BuiltInType.UInt64 => new Variant(checked((ulong)Math.Round(value))),
        _ => throw new UaStatusException(StatusCodes.BadTypeMismatch, $"tag {NodeIds[index]} has type {_types[index]}"),
    };
}
