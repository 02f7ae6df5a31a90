namespace IndustrialSafeRL.Onnx;

/// <summary>An ONNX model as read by <see cref="OnnxModelReader"/>: the subset of ModelProto a policy network uses.</summary>
public sealed record OnnxModel(
    long IrVersion,
    string Producer,
    string ProducerVersion,
    long ModelVersion,
    IReadOnlyList<OnnxOpset> Opsets,
    OnnxGraph Graph,
    IReadOnlyList<KeyValuePair<string, string>> Metadata)
{
    /// <summary>The version of the default-domain operator set (0 when none is imported).</summary>
    public long DefaultOpset => Opsets.FirstOrDefault(o => o.Domain.Length == 0 || o.Domain == "ai.onnx")?.Version ?? 0;
}

/// <summary>An imported operator set (OperatorSetIdProto).</summary>
public sealed record OnnxOpset(string Domain, long Version);

/// <summary>A graph: nodes in topological order, constant tensors, inputs and outputs.</summary>
public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>A node (NodeProto); an empty input name marks an omitted optional input.</summary>
public sealed record OnnxNode(
    string OpType,
    string Name,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<OnnxAttribute> Attributes)
{
    /// <summary>The attribute of that name, or null.</summary>
    public OnnxAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);
}

/// <summary>A constant tensor (TensorProto) of float32 or int64 elements.</summary>
public sealed record OnnxTensor(string Name, IReadOnlyList<long> Dims, OnnxElementType ElementType, float[] Floats, long[] Int64s)
{
    /// <summary>Number of elements.</summary>
    public int Length => ElementType == OnnxElementType.Float ? Floats.Length : Int64s.Length;
}

/// <summary>TensorProto.DataType values this reader decodes.</summary>
public enum OnnxElementType
{
    /// <summary>FLOAT (float32).</summary>
    Float = 1,

    /// <summary>INT64.</summary>
    Int64 = 7,
}

/// <summary>A graph input or output (ValueInfoProto) with its tensor type.</summary>
public sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<OnnxDimension> Shape);

/// <summary>A tensor dimension: a fixed size, or a symbolic name (e.g. the batch dimension).</summary>
public sealed record OnnxDimension(long? Value, string? Parameter)
{
    /// <inheritdoc />
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Parameter ?? "?";
}
