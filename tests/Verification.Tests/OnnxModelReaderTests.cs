using IndustrialSafeRL.Onnx;
using IndustrialSafeRL.Verification.Networks;

namespace IndustrialSafeRL.Verification.Tests;

public sealed class OnnxModelReaderTests
{
    /// <summary>Writes a read model again with the project's writer: identical bytes mean nothing was lost.</summary>
    private static byte[] Rewrite(OnnxModel model)
    {
        var builder = new OnnxModelBuilder(model.Graph.Name)
        {
            BatchDimension = model.Graph.Inputs.SelectMany(i => i.Shape).FirstOrDefault(d => d.Parameter is not null)?.Parameter ?? "batch",
        };
        foreach (var input in model.Graph.Inputs)
        {
            builder.AddInput(input.Name, [.. input.Shape.Select(d => d.Value ?? -1)]);
        }

        foreach (var t in model.Graph.Initializers)
        {
            if (t.ElementType == OnnxElementType.Float)
            {
                builder.AddInitializer(t.Name, t.Floats, [.. t.Dims]);
            }
            else
            {
                builder.AddInt64Initializer(t.Name, t.Int64s, [.. t.Dims]);
            }
        }

        foreach (var n in model.Graph.Nodes)
        {
            builder.AddNode(n.OpType, n.Name, [.. n.Inputs], [.. n.Outputs], [.. n.Attributes]);
        }

        foreach (var output in model.Graph.Outputs)
        {
            builder.AddOutput(output.Name, [.. output.Shape.Select(d => d.Value ?? -1)]);
        }

        foreach (var (key, value) in model.Metadata)
        {
            builder.AddMetadata(key, value);
        }

        return builder.ToBytes((int)model.DefaultOpset, model.Producer, model.ProducerVersion);
    }

    public static TheoryData<string> Graphs => ["abs", "halfplane", "policy", "policy-guide", "attributes"];

    private static byte[] Graph(string name) => name switch
    {
        "abs" => TestNetworks.AbsoluteValue(),
        "halfplane" => TestNetworks.HalfPlane(),
        "policy" => TestNetworks.PolicyShaped(3, 5, 4, 8, 3),
        "policy-guide" => TestNetworks.PolicyShaped(4, 3, 2, 6, 2, guide: true),
        _ => Attributes(),
    };

    private static byte[] Attributes()
    {
        var builder = new OnnxModelBuilder("attrs");
        builder.AddInput("x", -1, 2);
        builder.AddNode("Clip", "c", ["x"], ["y"], OnnxAttribute.Float("min", -0.25f), OnnxAttribute.Float("max", float.MaxValue),
            OnnxAttribute.FloatList("fl", 1.5f, -2f, float.Epsilon), OnnxAttribute.IntList("il", -1, 0, long.MaxValue, long.MinValue), OnnxAttribute.Int("neg", -7));
        builder.AddOutput("y", -1, 2);
        builder.AddMetadata("k", "välue");
        return builder.ToBytes(11, "p", "9");
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Every_graph_the_writer_emits_reads_back_identically(string name)
    {
        var bytes = Graph(name);
        var model = OnnxModelReader.Read(bytes);
        Assert.Equal(bytes, Rewrite(model));
        Assert.Equal(OnnxModelBuilder.IrVersion, model.IrVersion);
        Assert.NotEmpty(model.Graph.Nodes);
    }

    [Fact]
    public void Fields_are_decoded_to_their_values()
    {
        var model = OnnxModelReader.Read(Graph("attributes"));
        Assert.Equal(11, model.DefaultOpset);
        Assert.Equal("p", model.Producer);
        var clip = Assert.Single(model.Graph.Nodes);
        Assert.Equal(-0.25f, clip.Attribute("min")!.FloatValue);
        Assert.Equal([1.5f, -2f, float.Epsilon], clip.Attribute("fl")!.Floats);
        Assert.Equal([-1L, 0, long.MaxValue, long.MinValue], clip.Attribute("il")!.Ints);
        Assert.Equal(-7, clip.Attribute("neg")!.IntValue);
        Assert.Equal("välue", model.Metadata.Single().Value);
        Assert.Equal("batch", model.Graph.Inputs[0].Shape[0].Parameter);
        Assert.Equal(2, model.Graph.Inputs[0].Shape[1].Value);
    }

    [Fact]
    public void Raw_data_and_unpacked_floats_are_read()
    {
        // A TensorProto with raw_data (field 9) and one with unpacked float_data (field 4, wire type 5), inside a
        // hand-encoded GraphProto inside a ModelProto.
        byte[] Tensor(string name, bool raw)
        {
            var t = new List<byte> { 0x08, 0x02, 0x10, 0x01 }; // dims 2 (unpacked), data_type 1
            t.AddRange([0x42, (byte)name.Length, .. System.Text.Encoding.ASCII.GetBytes(name)]);
            if (raw)
            {
                t.AddRange([0x4A, 8, .. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f)]);
            }
            else
            {
                t.AddRange([0x25, .. BitConverter.GetBytes(1.5f), 0x25, .. BitConverter.GetBytes(-2f)]);
            }

            return [.. t];
        }

        var a = Tensor("a", raw: true);
        var b = Tensor("b", raw: false);
        byte[] graph = [0x2A, (byte)a.Length, .. a, 0x2A, (byte)b.Length, .. b];
        byte[] model = [0x08, 0x08, 0x3A, (byte)graph.Length, .. graph];
        var read = OnnxModelReader.Read(model);
        Assert.Equal([1.5f, -2f], read.Graph.Initializers[0].Floats);
        Assert.Equal([1.5f, -2f], read.Graph.Initializers[1].Floats);
        Assert.Equal([2L], read.Graph.Initializers[1].Dims);
    }

    [Fact]
    public void A_truncated_varint_names_its_byte_and_field()
    {
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read([0x08, 0x80]));
        Assert.Contains("ModelProto.ir_version at byte 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated varint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_beyond_the_buffer_names_its_byte_and_field()
    {
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read([0x08, 0x08, 0x3A, 0x7F, 0x0A]));
        Assert.Contains("ModelProto.graph", e.Message, StringComparison.Ordinal);
        Assert.Contains("at byte 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("runs past the end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_wire_type_names_the_field()
    {
        // ir_version (field 1) written as length-delimited.
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read([0x0A, 0x00]));
        Assert.Contains("ir_version (field 1)", e.Message, StringComparison.Ordinal);
        Assert.Contains("wire type 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_graph_is_refused()
    {
        var e = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read([0x08, 0x08]));
        Assert.Contains("graph (field 7) is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutated_files_are_read_or_refused_with_a_format_error_never_anything_else()
    {
        var original = Graph("policy-guide");
        var random = new Random(2026);
        int refused = 0, read = 0, prepared = 0;
        for (var trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])original.Clone();
            switch (trial % 3)
            {
                case 0:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 1:
                    for (var k = 0; k < 1 + random.Next(4); k++)
                    {
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    }

                    break;
                default:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
            }

            OnnxModel model;
            try
            {
                model = OnnxModelReader.Read(bytes);
                read++;
            }
            catch (OnnxFormatException e)
            {
                Assert.StartsWith("malformed ONNX", e.Message, StringComparison.Ordinal);
                refused++;
                continue;
            }

            // What reads must also be prepared for interval evaluation, or refused with a graph error.
            try
            {
                _ = new NetworkGraph(model);
                prepared++;
            }
            catch (NetworkGraphException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }

        Assert.True(refused > 1000, $"only {refused} of 3000 mutations refused");
        Assert.Equal(3000, refused + read);
        Assert.True(prepared > 0, "no mutated model was prepared");
    }
}
