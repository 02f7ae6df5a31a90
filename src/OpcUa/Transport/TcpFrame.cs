using System.Buffers.Binary;
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Transport;

/// <summary>UA-TCP framing: the 8-byte header of every chunk.</summary>
public static class TcpFrame
{
    /// <summary>Starts a single-chunk message ('F'); returns its start for <see cref="EndMessage"/>.</summary>
    public static int BeginMessage(UaBinaryWriter w, uint type, byte chunkType = TcpMessageType.Final)
    {
        ArgumentNullException.ThrowIfNull(w);
        var start = w.Position;
        w.WriteUInt32(type | ((uint)chunkType << 24));
        w.WriteUInt32(0);
        return start;
    }

    /// <summary>Patches MessageSize.</summary>
    public static void EndMessage(UaBinaryWriter w, int start)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.PatchUInt32(start + 4, (uint)(w.Position - start));
    }

    /// <summary>Splits a header into type, chunk type and size.</summary>
    public static (uint Type, byte ChunkType, uint Size) ParseHeader(ReadOnlySpan<byte> header)
    {
        var first = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return (first & 0xFFFFFF, (byte)(first >> 24), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));
    }

    /// <summary>
    /// Reads one whole chunk into <paramref name="buffer"/> and returns its length; 0 at a clean end of stream.
    /// Sizes below the header or above <paramref name="maxSize"/> throw BadTcpMessageTooLarge; unknown types BadTcpMessageTypeInvalid.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<int> ReadChunkAsync(Stream stream, byte[] buffer, int maxSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(buffer);
        var got = await ReadAtLeastAsync(stream, buffer.AsMemory(0, TcpMessageType.HeaderSize), cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return 0;
        }

        if (got < TcpMessageType.HeaderSize)
        {
            throw new UaStatusException(StatusCodes.BadConnectionClosed, "connection closed inside a message header");
        }

        var (type, chunkType, size) = ParseHeader(buffer);
        var known = type is TcpMessageType.Hello or TcpMessageType.Acknowledge or TcpMessageType.Error or TcpMessageType.ReverseHello
            || TcpMessageType.IsSecureConversation(type);
        if (!known || chunkType is not (TcpMessageType.Final or TcpMessageType.Intermediate or TcpMessageType.Abort))
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTypeInvalid, $"message type bytes 0x{type:X6}/0x{chunkType:X2} are invalid (byte 0)");
        }

        var minimum = TcpMessageType.IsSecureConversation(type) ? 12 + 8 : TcpMessageType.HeaderSize;
        if (size < minimum || size > (uint)Math.Min(maxSize, buffer.Length))
        {
            throw new UaStatusException(StatusCodes.BadTcpMessageTooLarge, $"{TcpMessageType.Name(type)} MessageSize {size} is outside [{minimum}, {Math.Min(maxSize, buffer.Length)}] (byte 4)");
        }

        var body = (int)size - TcpMessageType.HeaderSize;
        if (await ReadAtLeastAsync(stream, buffer.AsMemory(TcpMessageType.HeaderSize, body), cancellationToken).ConfigureAwait(false) < body)
        {
            throw new UaStatusException(StatusCodes.BadConnectionClosed, $"connection closed inside a {TcpMessageType.Name(type)} message");
        }

        return (int)size;
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> target, CancellationToken ct)
    {
        var total = 0;
        while (total < target.Length)
        {
            var n = await stream.ReadAsync(target[total..], ct).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
