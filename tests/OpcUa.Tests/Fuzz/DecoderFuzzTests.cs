using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.SecureChannel;
using IndustrialSafeRL.OpcUa.Tests.Codec;
using IndustrialSafeRL.OpcUa.Transport;

namespace IndustrialSafeRL.OpcUa.Tests.Fuzz;

/// <summary>Random and mutated inputs against every decoder: only <see cref="UaStatusException"/> may come out.</summary>
public sealed class DecoderFuzzTests
{
    private const int Seed = 20261123;

    /// <summary>Decodes one input the way the server does; returns the exception type name when it is not a UaStatusException.</summary>
    internal static string? Decode(byte[] input, EncodingLimits limits)
    {
        try
        {
            if (input.Length >= 8)
            {
                var (type, _, _) = TcpFrame.ParseHeader(input);
                switch (type)
                {
                    case TcpMessageType.Hello:
                        HelloMessage.Decode(input.AsSpan(8));
                        return null;
                    case TcpMessageType.Acknowledge:
                        AcknowledgeMessage.Decode(input.AsSpan(8));
                        return null;
                    case TcpMessageType.Error:
                        ErrorMessage.Decode(input.AsSpan(8));
                        return null;
                }
            }

            var codec = new SecureChannelCodec(new ChannelLimits { Encoding = limits }) { CheckTokens = false };
            if (codec.Accept(input) == ChunkOutcome.Complete)
            {
                MessageCodec.Decode(codec.MessageBody, limits);
            }

            return null;
        }
        catch (UaStatusException)
        {
            return null;
        }
#pragma warning disable CA1031 // the point of the test is to catch anything else
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
#pragma warning restore CA1031
    }

    internal static string? DecodeBody(byte[] body, EncodingLimits limits)
    {
        try
        {
            MessageCodec.Decode(body, limits);
            return null;
        }
        catch (UaStatusException)
        {
            return null;
        }
#pragma warning disable CA1031
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
#pragma warning restore CA1031
    }

    [Fact]
    public void Mutated_and_random_inputs_only_ever_yield_bad_status_codes()
    {
        var iterations = Mutator.Iterations(100_000);
        var seed = Mutator.Seed(Seed);
        var mutator = new Mutator(seed);
        var limits = EncodingLimits.Default with { MaxArrayLength = 10_000, MaxStringLength = 65_536, MaxByteStringLength = 65_536, MaxDepth = 32 };
        var chunks = CapturedVectors.Chunks.Select(c => c.Bytes).ToArray();
        var bodies = chunks.Where(c => c[0] == (byte)'M').Select(c => c[24..]).ToArray();
        var failures = new List<string>();
        var decodedOk = 0;
        var before = GC.GetTotalMemory(true);
        for (var i = 0; i < iterations && failures.Count < 5; i++)
        {
            string? failure;
            byte[] input;
            if (i % 2 == 0)
            {
                input = mutator.Mutate(bodies[mutator.Random.Next(bodies.Length)], skipPrefix: mutator.Random.Next(4) == 0 ? 0 : 4);
                failure = DecodeBody(input, limits);
            }
            else
            {
                input = mutator.Mutate(chunks[mutator.Random.Next(chunks.Length)], skipPrefix: mutator.Random.Next(3) == 0 ? 0 : 8);
                failure = Decode(input, limits);
            }

            if (failure is not null)
            {
                failures.Add($"iteration {i} (seed {seed}): {failure}\n{Convert.ToHexString(input)}");
            }
            else
            {
                decodedOk++;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        Assert.True(decodedOk >= iterations);
        var after = GC.GetTotalMemory(true);
        Assert.True(after - before < 64L << 20, $"memory grew by {(after - before) >> 20} MiB");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Deep_nesting_is_refused_with_encoding_limits_exceeded(int kind)
    {
        var body = new UaBinaryWriter();
        // A WriteRequest whose single value is nested 100 000 levels deep.
        body.WriteNodeId(new Types.NodeId(673));
        body.WriteBytes(Convert.FromHexString("0000" + "0000000000000000" + "00000000" + "00000000" + "ffffffff" + "00000000" + "000000"));
        body.WriteInt32(1);
        body.WriteNodeId(new Types.NodeId(85));
        body.WriteUInt32(13);
        body.WriteString(null);
        body.WriteByte(0x01);
        body.WriteBytes(Mutator.Nested(kind, 100_000));
        var e = Assert.Throws<UaStatusException>(() => MessageCodec.Decode(body.WrittenSpan, EncodingLimits.Default));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, e.StatusCode);
    }

    [Fact]
    public void Absurd_lengths_are_refused_before_allocating()
    {
        var read = CapturedVectors.Find("ReadRequest").Bytes[24..];
        // Type id 4 + RequestHeader 50 (ByteString token 23, timestamp 8, handle 4, diagnostics 4, audit 4, hint 4, header 3)
        // + MaxAge 8 + TimestampsToReturn 4: the NodesToRead count.
        const int countAt = 4 + 50 + 12;
        Assert.Equal(1, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(read.AsSpan(countAt)));
        var hostile = read.ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(hostile.AsSpan(countAt), int.MaxValue);
        var e = Assert.Throws<UaStatusException>(() => MessageCodec.Decode(hostile, EncodingLimits.Default));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, e.StatusCode);
        Assert.Contains("array length", e.Message, StringComparison.Ordinal);

        var truncated = read[..^5];
        Assert.Equal(StatusCodes.BadDecodingError, Assert.Throws<UaStatusException>(() => MessageCodec.Decode(truncated, EncodingLimits.Default)).StatusCode);
    }
}
