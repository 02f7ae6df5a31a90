using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Transport;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Tests.Codec;

public sealed class SecureChannelCodecTests
{
    private static ReadRequest BigRead(int n) => new()
    {
        NodesToRead = [.. Enumerable.Range(0, n).Select(i => new ReadValueId { NodeId = new NodeId($"tag.{i}", 2), AttributeId = 13 })],
    };

    private static List<byte[]> Split(ReadOnlyMemory<byte> bytes)
    {
        var chunks = new List<byte[]>();
        var span = bytes.Span;
        while (span.Length > 0)
        {
            var size = (int)TcpFrame.ParseHeader(span).Size;
            chunks.Add(span[..size].ToArray());
            span = span[size..];
        }

        return chunks;
    }

    [Fact]
    public void Large_messages_split_into_chunks_of_the_negotiated_size_and_reassemble()
    {
        var sender = new SecureChannelCodec(new ChannelLimits { SendChunkSize = 8192 }) { ChannelId = 7, SendTokenId = 3 };
        var chunks = Split(sender.Encode(TcpMessageType.Message, 42, BigRead(1000)));
        Assert.True(chunks.Count > 3);
        Assert.All(chunks, c => Assert.True(c.Length <= 8192));
        Assert.All(chunks[..^1], c => Assert.Equal((byte)'C', c[3]));
        Assert.Equal((byte)'F', chunks[^1][3]);

        var receiver = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 7, CurrentTokenId = 3 };
        for (var i = 0; i < chunks.Count - 1; i++)
        {
            Assert.Equal(ChunkOutcome.Incomplete, receiver.Accept(chunks[i]));
        }

        Assert.Equal(ChunkOutcome.Complete, receiver.Accept(chunks[^1]));
        Assert.Equal(42u, receiver.RequestId);
        var decoded = Assert.IsType<ReadRequest>(MessageCodec.Decode(receiver.MessageBody, EncodingLimits.Default));
        Assert.Equal(1000, decoded.NodesToRead!.Length);
        Assert.Equal(new NodeId("tag.999", 2), decoded.NodesToRead[999].NodeId);
    }

    [Fact]
    public void Peer_limits_refuse_oversized_messages_before_sending()
    {
        var sender = new SecureChannelCodec(new ChannelLimits { SendChunkSize = 8192, PeerMaxChunkCount = 2 });
        var e = Assert.Throws<UaStatusException>(() => sender.Encode(TcpMessageType.Message, 1, BigRead(1000), StatusCodes.BadResponseTooLarge));
        Assert.Equal(StatusCodes.BadResponseTooLarge, e.StatusCode);
    }

    [Fact]
    public void Receiver_enforces_chunk_count_sequence_numbers_tokens_and_channel()
    {
        var sender = new SecureChannelCodec(new ChannelLimits { SendChunkSize = 8192 }) { ChannelId = 7, SendTokenId = 3 };
        var chunks = Split(sender.Encode(TcpMessageType.Message, 1, BigRead(1000)));

        var tooMany = new SecureChannelCodec(new ChannelLimits { Encoding = EncodingLimits.Default with { MaxChunkCount = 2 } }) { ChannelId = 7, CurrentTokenId = 3 };
        tooMany.Accept(chunks[0]);
        tooMany.Accept(chunks[1]);
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, Assert.Throws<UaStatusException>(() => tooMany.Accept(chunks[2])).StatusCode);

        var gap = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 7, CurrentTokenId = 3 };
        gap.Accept(chunks[0]);
        Assert.Equal(StatusCodes.BadSequenceNumberInvalid, Assert.Throws<UaStatusException>(() => gap.Accept(chunks[2])).StatusCode);

        var wrongToken = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 7, CurrentTokenId = 4 };
        Assert.Equal(StatusCodes.BadSecureChannelTokenUnknown, Assert.Throws<UaStatusException>(() => wrongToken.Accept(chunks[0])).StatusCode);
        var previousToken = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 7, CurrentTokenId = 4, PreviousTokenId = 3 };
        Assert.Equal(ChunkOutcome.Incomplete, previousToken.Accept(chunks[0]));

        var wrongChannel = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 8, CurrentTokenId = 3 };
        Assert.Equal(StatusCodes.BadTcpSecureChannelUnknown, Assert.Throws<UaStatusException>(() => wrongChannel.Accept(chunks[0])).StatusCode);
    }

    [Fact]
    public void Abort_chunk_discards_the_partial_message_and_reports_the_status()
    {
        var sender = new SecureChannelCodec(new ChannelLimits { SendChunkSize = 8192 }) { ChannelId = 7, SendTokenId = 3 };
        var chunks = Split(sender.Encode(TcpMessageType.Message, 9, BigRead(1000)));
        var abort = sender.EncodeAbort(9, StatusCodes.BadResponseTooLarge, "too big").ToArray();
        var receiver = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 7, CurrentTokenId = 3 };
        receiver.Accept(chunks[0]);
        // Sequence numbers continue: the abort chunk follows the last chunk the sender produced.
        var resequenced = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 7, CurrentTokenId = 3, CheckTokens = true };
        foreach (var c in chunks[..^1])
        {
            resequenced.Accept(c);
        }

        Assert.Throws<UaStatusException>(() => resequenced.Accept(abort));
        var fresh = new SecureChannelCodec(new ChannelLimits()) { ChannelId = 7, CurrentTokenId = 3 };
        Assert.Equal(ChunkOutcome.Aborted, fresh.Accept(abort));
        Assert.Equal(StatusCodes.BadResponseTooLarge, fresh.AbortStatus);
        Assert.Equal("too big", fresh.AbortReason);
        Assert.Equal(9u, fresh.RequestId);
    }

    [Fact]
    public void Open_and_close_must_fit_in_one_chunk()
    {
        var sender = new SecureChannelCodec(new ChannelLimits { SendChunkSize = 8192 });
        var big = new OpenSecureChannelRequest { ClientNonce = new byte[20_000] };
        Assert.Throws<UaStatusException>(() => sender.Encode(TcpMessageType.Open, 1, big));
    }
}
