using System.Text.RegularExpressions;

namespace IndustrialSafeRL.Onnx;

/// <summary>
/// Builds an ONNX model (a single graph of float32 tensors, default domain) and serialises it to the ONNX
/// protobuf format. Field numbers follow the ONNX specification (onnx.proto); only the messages a policy
/// network needs are written: ModelProto, OperatorSetIdProto, GraphProto, NodeProto, AttributeProto,
/// TensorProto, ValueInfoProto, TypeProto and TensorShapeProto.
/// </summary>
/// <param name="graphName">Name of the graph.</param>
public sealed partial class OnnxModelBuilder(string graphName)
{
    /// <summary>ONNX IR version written (IR 8 goes with opsets up to 18).</summary>
    public const long IrVersion = 8;

    /// <summary>Default operator set version.</summary>
    public const int DefaultOpset = 17;

    private const int FloatElementType = 1;
    private const int Int64ElementType = 7;

    private readonly List<(string Name, IReadOnlyList<long> Dims)> _inputs = [];
    private readonly List<(string Name, IReadOnlyList<long> Dims)> _outputs = [];
    private readonly List<(string Name, float[] Data, long[] Dims)> _initializers = [];
    private readonly List<(string Name, long[] Data, long[] Dims)> _int64Initializers = [];
    private readonly List<(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes)> _nodes = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Name of the batch dimension in input and output shapes (dims given as -1).</summary>
    public string BatchDimension { get; init; } = "batch";

    /// <summary>Adds a float32 graph input; a dimension of -1 becomes the symbolic batch dimension.</summary>
    public OnnxModelBuilder AddInput(string name, params long[] dims)
    {
        Claim(name);
        _inputs.Add((name, dims));
        return this;
    }

    /// <summary>Adds a float32 graph output; a dimension of -1 becomes the symbolic batch dimension.</summary>
    public OnnxModelBuilder AddOutput(string name, params long[] dims)
    {
        _outputs.Add((CheckName(name), dims));
        return this;
    }

    /// <summary>Adds a constant float32 tensor (weights, biases, normalisation constants); returns its name.</summary>
    public string AddInitializer(string name, float[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        Claim(name);
        var count = dims.Aggregate(1L, (a, d) => a * d);
        if (dims.Any(d => d < 0) || count != data.Length)
        {
            throw new ArgumentException($"initializer '{name}': dims [{string.Join(", ", dims)}] hold {count} values, data has {data.Length}", nameof(data));
        }

        _initializers.Add((name, (float[])data.Clone(), dims));
        return name;
    }

    /// <summary>Adds a constant int64 tensor (e.g. the target shape of a Reshape); returns its name.</summary>
    public string AddInt64Initializer(string name, long[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        Claim(name);
        var count = dims.Aggregate(1L, (a, d) => a * d);
        if (dims.Any(d => d < 0) || count != data.Length)
        {
            throw new ArgumentException($"initializer '{name}': dims [{string.Join(", ", dims)}] hold {count} values, data has {data.Length}", nameof(data));
        }

        _int64Initializers.Add((name, (long[])data.Clone(), dims));
        return name;
    }

    /// <summary>Adds a node of the default domain; its outputs become names later nodes can use.</summary>
    public OnnxModelBuilder AddNode(string opType, string name, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        CheckName(name);
        foreach (var input in inputs)
        {
            if (input.Length > 0 && !_names.Contains(input))
            {
                throw new ArgumentException($"node '{name}' ({opType}): input '{input}' is not defined by an earlier input, initializer or node", nameof(inputs));
            }
        }

        foreach (var output in outputs)
        {
            Claim(output);
        }

        _nodes.Add((opType, name, inputs, outputs, attributes));
        return this;
    }

    /// <summary>Adds a key/value pair to the model's metadata_props.</summary>
    public OnnxModelBuilder AddMetadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    /// <summary>Serialises the model.</summary>
    public byte[] ToBytes(int opset = DefaultOpset, string producer = "IndustrialSafeRL", string producerVersion = "0.1.0")
    {
        foreach (var (name, _) in _outputs)
        {
            if (!_names.Contains(name))
            {
                throw new InvalidOperationException($"graph output '{name}' is not produced by any node");
            }
        }

        var model = new ProtobufWriter();
        model.Int64(1, IrVersion);                 // ModelProto.ir_version
        model.String(2, producer);                 // producer_name
        model.String(3, producerVersion);          // producer_version
        model.Int64(5, 1);                         // model_version
        model.Message(7, WriteGraph);              // graph
        model.Message(8, opsetId =>                // opset_import
        {
            opsetId.String(1, string.Empty);       // OperatorSetIdProto.domain (default)
            opsetId.Int64(2, opset);               // version
        });
        foreach (var (key, value) in _metadata)
        {
            model.Message(14, entry =>             // metadata_props
            {
                entry.String(1, key);
                entry.String(2, value);
            });
        }

        return model.ToArray();
    }

    private void WriteGraph(ProtobufWriter graph)
    {
        foreach (var node in _nodes)
        {
            graph.Message(1, n =>                  // GraphProto.node
            {
                foreach (var input in node.Inputs)
                {
                    n.String(1, input);            // NodeProto.input
                }

                foreach (var output in node.Outputs)
                {
                    n.String(2, output);           // output
                }

                n.String(3, node.Name);            // name
                n.String(4, node.OpType);          // op_type
                foreach (var attribute in node.Attributes)
                {
                    n.Message(5, a => WriteAttribute(a, attribute));
                }
            });
        }

        graph.String(2, graphName);                // GraphProto.name
        foreach (var (name, data, dims) in _initializers)
        {
            graph.Message(5, t =>                  // initializer (TensorProto)
            {
                t.PackedInt64s(1, dims);           // dims
                t.Int32(2, FloatElementType);      // data_type
                t.String(8, name);                 // name
                t.PackedFloats(4, data);           // float_data
            });
        }

        foreach (var (name, data, dims) in _int64Initializers)
        {
            graph.Message(5, t =>                  // initializer (TensorProto)
            {
                t.PackedInt64s(1, dims);           // dims
                t.Int32(2, Int64ElementType);      // data_type
                t.PackedInt64s(7, data);           // int64_data
                t.String(8, name);                 // name
            });
        }

        foreach (var (name, dims) in _inputs)
        {
            graph.Message(11, v => WriteValueInfo(v, name, dims));
        }

        foreach (var (name, dims) in _outputs)
        {
            graph.Message(12, v => WriteValueInfo(v, name, dims));
        }
    }

    private void WriteValueInfo(ProtobufWriter valueInfo, string name, IReadOnlyList<long> dims)
    {
        valueInfo.String(1, name);                 // ValueInfoProto.name
        valueInfo.Message(2, type =>               // type (TypeProto)
            type.Message(1, tensor =>              // tensor_type
            {
                tensor.Int32(1, FloatElementType); // elem_type
                tensor.Message(2, shape =>         // shape (TensorShapeProto)
                {
                    foreach (var d in dims)
                    {
                        shape.Message(1, dim =>    // dim
                        {
                            if (d < 0)
                            {
                                dim.String(2, BatchDimension);  // dim_param
                            }
                            else
                            {
                                dim.Int64(1, d);   // dim_value
                            }
                        });
                    }
                });
            }));
    }

    private static void WriteAttribute(ProtobufWriter a, OnnxAttribute attribute)
    {
        a.String(1, attribute.Name);               // AttributeProto.name
        switch (attribute.Kind)
        {
            case OnnxAttributeKind.Float:
                a.Float(2, attribute.FloatValue);  // f
                break;
            case OnnxAttributeKind.Int:
                a.Int64(3, attribute.IntValue);    // i
                break;
            case OnnxAttributeKind.Floats:
                a.PackedFloats(7, [.. attribute.Floats]);  // floats
                break;
            case OnnxAttributeKind.Ints:
                a.PackedInt64s(8, [.. attribute.Ints]);    // ints
                break;
        }

        a.Int32(20, (int)attribute.Kind);          // type
    }

    private void Claim(string name)
    {
        CheckName(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"the name '{name}' is already used in graph '{graphName}'", nameof(name));
        }
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid ONNX name here (letters, digits, '_', '.', '/', '-', ':')", nameof(name));
        }

        return name;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_./:\-]*$")]
    private static partial Regex NamePattern();
}
