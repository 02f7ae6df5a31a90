using System.Buffers.Binary;

namespace IndustrialSafeRL.Onnx;

/// <summary>
/// Reads the ONNX protobuf messages <see cref="OnnxModelBuilder"/> writes (ModelProto, OperatorSetIdProto,
/// GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto) into an
/// <see cref="OnnxModel"/>. Fields outside that subset are skipped as protobuf allows; malformed bytes and tensor
/// contents this reader cannot represent raise <see cref="OnnxFormatException"/> naming the byte and field.
/// </summary>
public static class OnnxModelReader
{
    /// <summary>Largest file accepted (a policy network is a few megabytes at most).</summary>
    public const int MaxBytes = 512 * 1024 * 1024;

    /// <summary>Reads a model file.</summary>
    public static OnnxModel ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OnnxFormatException($"{path}: cannot read: {e.Message}", e);
        }

        try
        {
            return Read(bytes);
        }
        catch (OnnxFormatException e)
        {
            throw new OnnxFormatException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a model from its bytes.</summary>
    public static OnnxModel Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new OnnxFormatException("malformed ONNX: the file is empty");
        }

        if (bytes.Length > MaxBytes)
        {
            throw new OnnxFormatException($"malformed ONNX: {bytes.Length} bytes exceeds the {MaxBytes}-byte limit");
        }

        var r = new ProtobufReader(bytes, 0, bytes.Length, "ModelProto");
        long irVersion = 0, modelVersion = 0;
        string producer = string.Empty, producerVersion = string.Empty;
        var opsets = new List<OnnxOpset>();
        var metadata = new List<KeyValuePair<string, string>>();
        OnnxGraph? graph = null;
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Expect(field, wire, ProtobufReader.Varint, offset, "ir_version");
                    irVersion = r.Int64("ir_version");
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "producer_name");
                    producer = r.String("producer_name");
                    break;
                case 3:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "producer_version");
                    producerVersion = r.String("producer_version");
                    break;
                case 5:
                    r.Expect(field, wire, ProtobufReader.Varint, offset, "model_version");
                    modelVersion = r.Int64("model_version");
                    break;
                case 7:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "graph");
                    if (graph is not null)
                    {
                        throw r.Error(offset, "graph", "appears twice");
                    }

                    graph = ReadGraph(r.Message("graph", "GraphProto"));
                    break;
                case 8:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "opset_import");
                    opsets.Add(ReadOpset(r.Message("opset_import", "OperatorSetIdProto")));
                    break;
                case 14:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "metadata_props");
                    metadata.Add(ReadEntry(r.Message("metadata_props", "StringStringEntryProto")));
                    break;
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        if (graph is null)
        {
            throw new OnnxFormatException($"malformed ONNX: ModelProto.graph (field 7) is missing (read {bytes.Length} bytes; is this an ONNX model?)");
        }

        return new OnnxModel(irVersion, producer, producerVersion, modelVersion, opsets, graph, metadata);
    }

    private static OnnxOpset ReadOpset(ProtobufReader r)
    {
        var domain = string.Empty;
        long version = 0;
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "domain");
                    domain = r.String("domain");
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.Varint, offset, "version");
                    version = r.Int64("version");
                    break;
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        return new OnnxOpset(domain, version);
    }

    private static KeyValuePair<string, string> ReadEntry(ProtobufReader r)
    {
        string key = string.Empty, value = string.Empty;
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "key");
                    key = r.String("key");
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "value");
                    value = r.String("value");
                    break;
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        return new(key, value);
    }

    private static OnnxGraph ReadGraph(ProtobufReader r)
    {
        var name = string.Empty;
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var inputs = new List<OnnxValueInfo>();
        var outputs = new List<OnnxValueInfo>();
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "node");
                    nodes.Add(ReadNode(r.Message("node", $"GraphProto.node[{nodes.Count}]")));
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "name");
                    name = r.String("name");
                    break;
                case 5:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "initializer");
                    initializers.Add(ReadTensor(r.Message("initializer", $"GraphProto.initializer[{initializers.Count}]")));
                    break;
                case 11:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "input");
                    inputs.Add(ReadValueInfo(r.Message("input", $"GraphProto.input[{inputs.Count}]")));
                    break;
                case 12:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "output");
                    outputs.Add(ReadValueInfo(r.Message("output", $"GraphProto.output[{outputs.Count}]")));
                    break;
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ReadNode(ProtobufReader r)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<OnnxAttribute>();
        string name = string.Empty, opType = string.Empty, domain = string.Empty;
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "input");
                    inputs.Add(r.String("input"));
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "output");
                    outputs.Add(r.String("output"));
                    break;
                case 3:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "name");
                    name = r.String("name");
                    break;
                case 4:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "op_type");
                    opType = r.String("op_type");
                    break;
                case 5:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "attribute");
                    attributes.Add(ReadAttribute(r.Message("attribute", "AttributeProto"), offset));
                    break;
                case 7:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "domain");
                    domain = r.String("domain");
                    break;
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        if (opType.Length == 0)
        {
            throw r.Error(r.Position, "op_type", $"node '{name}' has no op_type");
        }

        return new OnnxNode(opType, name, domain, inputs, outputs, attributes);
    }

    private static OnnxAttribute ReadAttribute(ProtobufReader r, int start)
    {
        var name = string.Empty;
        var type = 0;
        float f = 0;
        long i = 0;
        var floats = new List<float>();
        var ints = new List<long>();
        bool hasF = false, hasI = false;
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "name");
                    name = r.String("name");
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.Fixed32, offset, "f");
                    f = r.Float("f");
                    hasF = true;
                    break;
                case 3:
                    r.Expect(field, wire, ProtobufReader.Varint, offset, "i");
                    i = r.Int64("i");
                    hasI = true;
                    break;
                case 7:
                    r.Floats(wire, offset, "floats", floats);
                    break;
                case 8:
                    r.Int64s(wire, offset, "ints", ints);
                    break;
                case 20:
                    r.Expect(field, wire, ProtobufReader.Varint, offset, "type");
                    type = r.Int32("type");
                    break;
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        if (name.Length == 0)
        {
            throw r.Error(start, "name", "attribute has no name");
        }

        // Files from older exporters may omit `type`; infer it from the one value present.
        if (type == 0)
        {
            type = hasF ? 1 : hasI ? 2 : floats.Count > 0 ? 6 : ints.Count > 0 ? 7 : 0;
        }

        return type switch
        {
            1 => OnnxAttribute.Float(name, f),
            2 => OnnxAttribute.Int(name, i),
            6 => OnnxAttribute.FloatList(name, [.. floats]),
            7 => OnnxAttribute.IntList(name, [.. ints]),
            _ => throw r.Error(start, $"attribute '{name}'.type", $"attribute type {type} is not supported (only FLOAT, INT, FLOATS, INTS)"),
        };
    }

    private static OnnxTensor ReadTensor(ProtobufReader r)
    {
        var dims = new List<long>();
        var dataType = 0;
        var name = string.Empty;
        var floats = new List<float>();
        var int64s = new List<long>();
        var rawStart = -1;
        var rawLength = 0;
        var start = r.Position;
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Int64s(wire, offset, "dims", dims);
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.Varint, offset, "data_type");
                    dataType = r.Int32("data_type");
                    break;
                case 4:
                    r.Floats(wire, offset, "float_data", floats);
                    break;
                case 7:
                    r.Int64s(wire, offset, "int64_data", int64s);
                    break;
                case 8:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "name");
                    name = r.String("name");
                    break;
                case 9:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "raw_data");
                    (rawStart, rawLength) = r.LengthPrefixed("raw_data");
                    break;
                case 14:
                    throw r.Error(offset, "data_location", $"tensor '{name}': external data is not supported; embed the weights in the file");
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw r.Error(start, "dims", $"tensor '{name}' has negative dimension {d}");
            }

            count = d == 0 ? 0 : count > int.MaxValue / d ? throw r.Error(start, "dims", $"tensor '{name}' has more than {int.MaxValue} elements") : count * d;
        }

        switch (dataType)
        {
            case (int)OnnxElementType.Float:
                CheckValues(r, name, dims, count, start, rawStart, rawLength, floats, 4, "float_data", BinaryPrimitives.ReadSingleLittleEndian);
                return new OnnxTensor(name, dims, OnnxElementType.Float, [.. floats], []);
            case (int)OnnxElementType.Int64:
                CheckValues(r, name, dims, count, start, rawStart, rawLength, int64s, 8, "int64_data", BinaryPrimitives.ReadInt64LittleEndian);
                return new OnnxTensor(name, dims, OnnxElementType.Int64, [], [.. int64s]);
            default:
                throw r.Error(start, "data_type", $"tensor '{name}' has element type {dataType}; only float32 (1) and int64 (7) are supported");
        }
    }

    // A tensor's values come either as raw little-endian bytes or as the typed repeated field; either way their
    // number must match the dims. Raw bytes are decoded into values.
    private static void CheckValues<T>(ProtobufReader r, string name, List<long> dims, long count, int start, int rawStart, int rawLength,
        List<T> values, int size, string field, Func<ReadOnlySpan<byte>, T> read)
    {
        if (rawStart >= 0)
        {
            if (rawLength != count * size)
            {
                throw r.Error(rawStart, "raw_data", $"tensor '{name}': {rawLength} bytes, dims [{string.Join(", ", dims)}] need {count * size}");
            }

            var raw = r.Span(rawStart, rawLength);
            for (var k = 0; k < count; k++)
            {
                values.Add(read(raw[(k * size)..]));
            }
        }
        else if (values.Count != count)
        {
            throw r.Error(start, field, $"tensor '{name}': {values.Count} values, dims [{string.Join(", ", dims)}] need {count}");
        }
    }

    private static OnnxValueInfo ReadValueInfo(ProtobufReader r)
    {
        var name = string.Empty;
        var elementType = 0;
        var shape = new List<OnnxDimension>();
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            switch (field)
            {
                case 1:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "name");
                    name = r.String("name");
                    break;
                case 2:
                    r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "type");
                    elementType = ReadType(r.Message("type", "TypeProto"), shape);
                    break;
                default:
                    r.Skip(field, wire);
                    break;
            }
        }

        return new OnnxValueInfo(name, elementType, shape);
    }

    private static int ReadType(ProtobufReader r, List<OnnxDimension> shape)
    {
        var elementType = 0;
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            if (field != 1)
            {
                r.Skip(field, wire);
                continue;
            }

            r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "tensor_type");
            var tensor = r.Message("tensor_type", "TypeProto.Tensor");
            while (tensor.More)
            {
                var (tf, tw, to) = tensor.Tag();
                switch (tf)
                {
                    case 1:
                        tensor.Expect(tf, tw, ProtobufReader.Varint, to, "elem_type");
                        elementType = tensor.Int32("elem_type");
                        break;
                    case 2:
                        tensor.Expect(tf, tw, ProtobufReader.LengthDelimited, to, "shape");
                        ReadShape(tensor.Message("shape", "TensorShapeProto"), shape);
                        break;
                    default:
                        tensor.Skip(tf, tw);
                        break;
                }
            }
        }

        return elementType;
    }

    private static void ReadShape(ProtobufReader r, List<OnnxDimension> shape)
    {
        while (r.More)
        {
            var (field, wire, offset) = r.Tag();
            if (field != 1)
            {
                r.Skip(field, wire);
                continue;
            }

            r.Expect(field, wire, ProtobufReader.LengthDelimited, offset, "dim");
            var dim = r.Message("dim", $"TensorShapeProto.dim[{shape.Count}]");
            long? value = null;
            string? parameter = null;
            while (dim.More)
            {
                var (df, dw, dof) = dim.Tag();
                switch (df)
                {
                    case 1:
                        dim.Expect(df, dw, ProtobufReader.Varint, dof, "dim_value");
                        value = dim.Int64("dim_value");
                        break;
                    case 2:
                        dim.Expect(df, dw, ProtobufReader.LengthDelimited, dof, "dim_param");
                        parameter = dim.String("dim_param");
                        break;
                    default:
                        dim.Skip(df, dw);
                        break;
                }
            }

            shape.Add(new OnnxDimension(value, parameter));
        }
    }
}
