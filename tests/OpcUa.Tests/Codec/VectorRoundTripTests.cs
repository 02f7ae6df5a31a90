using System.Buffers.Binary;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Transport;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Tests.Codec;

public sealed class VectorRoundTripTests
{
    public static TheoryData<int> VectorIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < CapturedVectors.Chunks.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    /// <summary>Decodes a captured chunk through the secure channel codec and re-encodes it; the bytes must be identical.</summary>
    public static (IEncodeable? Message, byte[] Reencoded) RoundTrip(byte[] bytes)
    {
        var (type, _, _) = TcpFrame.ParseHeader(bytes);
        var w = new UaBinaryWriter();
        switch (type)
        {
            case TcpMessageType.Hello:
                HelloMessage.Decode(bytes.AsSpan(8)).Encode(w);
                return (null, w.WrittenSpan.ToArray());
            case TcpMessageType.Acknowledge:
                AcknowledgeMessage.Decode(bytes.AsSpan(8)).Encode(w);
                return (null, w.WrittenSpan.ToArray());
        }

        var channelId = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        var token = type == TcpMessageType.Open ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        var receiver = new SecureChannelCodec(new ChannelLimits()) { CheckTokens = false };
        Assert.Equal(ChunkOutcome.Complete, receiver.Accept(bytes.AsSpan().ToArray()));
        var message = MessageCodec.Decode(receiver.MessageBody, EncodingLimits.Default);
        var sender = new SecureChannelCodec(new ChannelLimits(), firstSequenceNumber: receiver.LastReceivedSequenceNumber!.Value)
        {
            ChannelId = channelId,
            SendTokenId = token,
        };
        return (message, sender.Encode(type, receiver.RequestId, message).ToArray());
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Every_captured_chunk_decodes_and_reencodes_byte_for_byte(int index)
    {
        var vector = CapturedVectors.Chunks[index];
        var (message, reencoded) = RoundTrip(vector.Bytes);
        if (vector.Service is not null)
        {
            Assert.Equal(vector.Service, message!.GetType().Name);
        }

        Assert.Equal(Convert.ToHexString(vector.Bytes), Convert.ToHexString(reencoded));
    }

    [Fact]
    public void Read_request_and_response_carry_the_fields_protocol_md_annotates()
    {
        var request = (ReadRequest)RoundTrip(CapturedVectors.Find("ReadRequest").Bytes).Message!;
        Assert.Equal(NodeIdType.Opaque, request.RequestHeader.AuthenticationToken.IdType);
        Assert.Equal(TimestampsToReturn.Both, request.TimestampsToReturn);
        var node = Assert.Single(request.NodesToRead!);
        Assert.Equal(NodeId.Parse("ns=2;s=IB.Observation.velocity"), node.NodeId);
        Assert.Equal(13u, node.AttributeId);
        Assert.Null(node.IndexRange);

        var response = (ReadResponse)RoundTrip(CapturedVectors.Find("ReadResponse").Bytes).Message!;
        var value = Assert.Single(response.Results!);
        Assert.Equal(0x3D, value.EncodingMask);
        Assert.Equal(50.0, value.Value.AsDouble());
        Assert.NotEqual(0, value.SourcePicoseconds);
        Assert.Equal(StatusCodes.Good, response.ResponseHeader.ServiceResult);
    }

    [Fact]
    public void Hello_and_acknowledge_limits_match_the_capture()
    {
        var hello = HelloMessage.Decode(CapturedVectors.Chunks.First(c => c.Type == "HEL").Bytes.AsSpan(8));
        Assert.Equal(655360u, hello.ReceiveBufferSize);
        Assert.StartsWith("opc.tcp://127.0.0.1:", hello.EndpointUrl, StringComparison.Ordinal);
        var ack = AcknowledgeMessage.Decode(CapturedVectors.Chunks.First(c => c.Type == "ACK").Bytes.AsSpan(8));
        Assert.Equal(524288u, ack.ReceiveBufferSize);
        Assert.Equal(16777216u, ack.MaxMessageSize);
        Assert.Equal(256u, ack.MaxChunkCount);
    }

    [Fact]
    public void Publish_response_carries_a_data_change_notification()
    {
        var publishes = CapturedVectors.Chunks.Where(c => c.Service == "PublishResponse")
            .Select(c => (PublishResponse)RoundTrip(c.Bytes).Message!).ToList();
        var withData = publishes.Single(p => p.NotificationMessage.NotificationData is { Length: > 0 });
        var change = Assert.IsType<DataChangeNotification>(withData.NotificationMessage.NotificationData![0].Body);
        Assert.NotEmpty(change.MonitoredItems!);

        var fault = (ServiceFault)RoundTrip(CapturedVectors.Find("ServiceFault").Bytes).Message!;
        Assert.Equal(StatusCodes.BadNoSubscription, fault.ResponseHeader.ServiceResult);
    }

    [Fact]
    public void Activate_session_carries_an_anonymous_identity_token()
    {
        var request = (ActivateSessionRequest)RoundTrip(CapturedVectors.Find("ActivateSessionRequest").Bytes).Message!;
        var token = Assert.IsType<AnonymousIdentityToken>(request.UserIdentityToken.Body);
        Assert.Equal("anonymous", token.PolicyId);
    }
}
