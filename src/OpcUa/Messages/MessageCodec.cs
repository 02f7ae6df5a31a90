using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Encodes and decodes a whole service message: binary encoding NodeId, then the structure.</summary>
public static class MessageCodec
{
    /// <summary>Writes the type NodeId and the message.</summary>
    public static void Encode(UaBinaryWriter writer, IEncodeable message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteNodeId(new NodeId(message.BinaryEncodingId));
        message.Encode(writer);
    }

    /// <summary>Reads the type NodeId and the message; the whole span must be consumed.</summary>
    public static IEncodeable Decode(ReadOnlySpan<byte> body, EncodingLimits limits)
    {
        var reader = new UaBinaryReader(body, limits);
        var typeId = reader.ReadNodeId();
        if (typeId.NamespaceIndex != 0 || typeId.IdType != NodeIdType.Numeric || !EncodeableFactory.TryCreateMessage(typeId.Numeric, out var message))
        {
            throw new UaStatusException(StatusCodes.BadServiceUnsupported, $"message type {typeId} is not supported");
        }

        message.Decode(ref reader);
        if (reader.Remaining != 0)
        {
            throw new UaStatusException(StatusCodes.BadDecodingError, $"{message.GetType().Name} has {reader.Remaining} trailing bytes (byte {reader.Position})");
        }

        return message;
    }

    /// <summary>
    /// Decodes into an existing message when the body has its type (arrays of matching length are refilled in place);
    /// otherwise decodes a new message. Used by the client's TagSet path to avoid allocating a response per cycle.
    /// </summary>
    public static IEncodeable DecodeInto(ReadOnlySpan<byte> body, EncodingLimits limits, IEncodeable target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var reader = new UaBinaryReader(body, limits);
        var typeId = reader.ReadNodeId();
        if (typeId.NamespaceIndex != 0 || typeId.IdType != NodeIdType.Numeric || typeId.Numeric != target.BinaryEncodingId)
        {
            return Decode(body, limits);
        }

        target.Decode(ref reader);
        if (reader.Remaining != 0)
        {
            throw new UaStatusException(StatusCodes.BadDecodingError, $"{target.GetType().Name} has {reader.Remaining} trailing bytes (byte {reader.Position})");
        }

        return target;
    }

    /// <summary>Reads only the type NodeId of a message body (for dispatch and fault replies).</summary>
    public static bool TryPeekType(ReadOnlySpan<byte> body, out uint encodingId)
    {
        encodingId = 0;
        try
        {
            var reader = new UaBinaryReader(body);
            var id = reader.ReadNodeId();
            encodingId = id.IdType == NodeIdType.Numeric && id.NamespaceIndex == 0 ? id.Numeric : 0;
            return encodingId != 0;
        }
        catch (UaStatusException)
        {
            return false;
        }
    }
}
