using IndustrialSafeRL.Onnx;

namespace IndustrialSafeRL.Verification.Networks;

/// <summary>
/// An ONNX policy graph prepared for interval evaluation: one sample (the batch dimension fixed to 1), constants
/// taken from the initializers, nodes run in file order. Construction checks every node once (supported op,
/// defined inputs, compatible shapes) so an unsupported graph is refused before any verification starts.
/// </summary>
public sealed class NetworkGraph
{
    /// <summary>The operators the interval interpreter supports.</summary>
    public static IReadOnlySet<string> SupportedOps { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Tanh", "Sigmoid", "Clip", "Reshape", "Flatten", "Concat", "Identity",
    };

    private readonly OnnxModel _model;
    private readonly Dictionary<string, IntervalTensor> _constants = new(StringComparer.Ordinal);

    /// <summary>Prepares a model; throws <see cref="NetworkGraphException"/> naming the first node it cannot evaluate.</summary>
    public NetworkGraph(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        foreach (var t in model.Graph.Initializers)
        {
            int[] shape = [.. t.Dims.Select(d => (int)d)];
            _constants[t.Name] = t.ElementType == OnnxElementType.Int64
                ? IntervalTensor.FromInt64s(shape, t.Int64s)
                : IntervalTensor.Point(shape, [.. t.Floats.Select(v => (double)v)]);
        }

        var inputs = new List<(string, int[])>();
        foreach (var input in model.Graph.Inputs)
        {
            if (_constants.ContainsKey(input.Name))
            {
                continue;
            }

            if (input.ElementType != 1)
            {
                throw new NetworkGraphException($"graph input '{input.Name}' has element type {input.ElementType}; only float32 inputs are supported");
            }

            int[] shape = [.. input.Shape.Select((d, i) => d.Value is { } v ? (int)v : i == 0 ? 1
                : throw new NetworkGraphException($"graph input '{input.Name}': dimension {i} ('{d}') is symbolic; only the batch dimension (0) may be"))];
            inputs.Add((input.Name, shape));
        }

        if (inputs.Count == 0)
        {
            throw new NetworkGraphException("the graph has no inputs");
        }

        if (model.Graph.Outputs.Count == 0)
        {
            throw new NetworkGraphException("the graph has no outputs");
        }

        Inputs = inputs;
        OutputName = model.Graph.Outputs[0].Name;
        foreach (var node in model.Graph.Nodes)
        {
            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                throw new NetworkGraphException($"node '{node.Name}' ({node.OpType}): domain '{node.Domain}' is not supported");
            }

            if (!SupportedOps.Contains(node.OpType))
            {
                throw new NetworkGraphException($"node '{node.Name}': operator {node.OpType} is not supported by the interval interpreter (supported: {string.Join(", ", SupportedOps)})");
            }
        }

        // A dry run on zeros checks names, shapes and constant operands of every node.
        var output = Evaluate([.. inputs.Select(i => IntervalTensor.Point(i.Item2, new double[IntervalTensor.Count(i.Item2)]))]);
        OutputShape = output.Shape;
    }

    /// <summary>The variable inputs (name, shape with batch 1), in graph order.</summary>
    public IReadOnlyList<(string Name, int[] Shape)> Inputs { get; }

    /// <summary>The output evaluated (the graph's first output).</summary>
    public string OutputName { get; }

    /// <summary>Shape of the output (batch 1).</summary>
    public int[] OutputShape { get; }

    /// <summary>Number of output elements.</summary>
    public int OutputLength => IntervalTensor.Count(OutputShape);

    /// <summary>The exact value of the network at one point (one flat array per input).</summary>
    public double[] EvaluatePoint(IReadOnlyList<double[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Evaluate([.. inputs.Select((v, i) => IntervalTensor.Point(Inputs[i].Shape, v))]).Lo;
    }

    /// <summary>An interval containing the network's output for every input inside the given input intervals.</summary>
    public IntervalTensor Evaluate(IReadOnlyList<IntervalTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != Inputs.Count)
        {
            throw new ArgumentException($"{inputs.Count} inputs given, the graph has {Inputs.Count}", nameof(inputs));
        }

        var values = new Dictionary<string, IntervalTensor>(_constants, StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Length != IntervalTensor.Count(Inputs[i].Shape))
            {
                throw new ArgumentException($"input '{Inputs[i].Name}' needs {IntervalTensor.Count(Inputs[i].Shape)} values, got {inputs[i].Length}", nameof(inputs));
            }

            values[Inputs[i].Name] = inputs[i];
        }

        foreach (var node in _model.Graph.Nodes)
        {
            if (node.Outputs.Count == 0)
            {
                throw new NetworkGraphException($"node '{node.Name}' ({node.OpType}) has no output");
            }

            values[node.Outputs[0]] = Run(node, values);
        }

        return values.TryGetValue(OutputName, out var output)
            ? output
            : throw new NetworkGraphException($"graph output '{OutputName}' is not produced by any node");
    }

    private IntervalTensor Run(OnnxNode node, Dictionary<string, IntervalTensor> values)
    {
        var label = node.Name.Length > 0 ? node.Name : node.Outputs[0];
        IntervalTensor In(int i)
        {
            if (i >= node.Inputs.Count || node.Inputs[i].Length == 0)
            {
                throw new NetworkGraphException($"node '{label}' ({node.OpType}): input {i} is missing");
            }

            return values.TryGetValue(node.Inputs[i], out var v)
                ? v
                : throw new NetworkGraphException($"node '{label}' ({node.OpType}): input '{node.Inputs[i]}' is not defined before the node");
        }

        IntervalTensor Float(IntervalTensor t) => t.Int64s is null
            ? t
            : throw new NetworkGraphException($"node '{label}' ({node.OpType}): an int64 tensor cannot be used as a float operand");

        long Int(string name, long fallback) => node.Attribute(name)?.IntValue ?? fallback;
        double Real(string name, double fallback) => node.Attribute(name) is { } a ? a.FloatValue : fallback;

        return node.OpType switch
        {
            "Add" => IntervalOps.Add(Float(In(0)), Float(In(1)), label),
            "Sub" => IntervalOps.Sub(Float(In(0)), Float(In(1)), label),
            "Mul" => IntervalOps.Mul(Float(In(0)), Float(In(1)), label),
            "Div" => IntervalOps.Div(Float(In(0)), Float(In(1)), label),
            "Relu" => IntervalOps.Monotone(Float(In(0)), IntervalOps.Relu),
            "Tanh" => IntervalOps.Monotone(Float(In(0)), Math.Tanh),
            "Sigmoid" => IntervalOps.Monotone(Float(In(0)), IntervalOps.Sigmoid),
            "Identity" => In(0),
            "Clip" => Clip(node, label, Float(In(0)), values),
            "Gemm" => IntervalOps.Gemm(
                Float(In(0)), Float(In(1)), node.Inputs.Count > 2 && node.Inputs[2].Length > 0 ? Float(In(2)) : null,
                Int("transA", 0) != 0, Int("transB", 0) != 0, Real("alpha", 1), Real("beta", 1), label),
            "MatMul" => IntervalOps.MatMul(Float(In(0)), Float(In(1)), label),
            "Flatten" => Flatten(Float(In(0)), (int)Int("axis", 1), label),
            "Reshape" => Reshape(Float(In(0)), In(1), Int("allowzero", 0) != 0, label),
            "Concat" => IntervalOps.Concat([.. Enumerable.Range(0, node.Inputs.Count).Select(i => Float(In(i)))],
                node.Attribute("axis") is { } axis ? (int)axis.IntValue : throw new NetworkGraphException($"node '{label}' (Concat): attribute 'axis' is required"), label),
            _ => throw new NetworkGraphException($"node '{label}': operator {node.OpType} is not supported by the interval interpreter"),
        };
    }

    private static IntervalTensor Clip(OnnxNode node, string label, IntervalTensor x, Dictionary<string, IntervalTensor> values)
    {
        var min = double.NegativeInfinity;
        var max = double.PositiveInfinity;
        if (node.Attribute("min") is { } aMin)
        {
            min = aMin.FloatValue;
        }

        if (node.Attribute("max") is { } aMax)
        {
            max = aMax.FloatValue;
        }

        double Bound(int i, double fallback)
        {
            if (node.Inputs.Count <= i || node.Inputs[i].Length == 0)
            {
                return fallback;
            }

            if (!values.TryGetValue(node.Inputs[i], out var t) || t.Length != 1 || t.Int64s is not null || t.Lo[0] != t.Hi[0])
            {
                throw new NetworkGraphException($"node '{label}' (Clip): bound input '{node.Inputs[i]}' must be a constant float scalar");
            }

            return t.Lo[0];
        }

        min = Bound(1, min);
        max = Bound(2, max);
        return IntervalOps.Monotone(x, v => Math.Min(Math.Max(v, min), max));
    }

    private static IntervalTensor Flatten(IntervalTensor x, int axis, string label)
    {
        var rank = x.Shape.Length;
        if (axis < 0)
        {
            axis += rank;
        }

        if (axis < 0 || axis > rank)
        {
            throw new NetworkGraphException($"node '{label}' (Flatten): axis {axis} out of range for {IntervalTensor.Describe(x.Shape)}");
        }

        var outer = x.Shape[..axis].Aggregate(1, (a, d) => a * d);
        return new IntervalTensor([outer, x.Length / Math.Max(outer, 1)], x.Lo, x.Hi);
    }

    private static IntervalTensor Reshape(IntervalTensor x, IntervalTensor shapeTensor, bool allowZero, string label)
    {
        if (shapeTensor.Int64s is not { } target)
        {
            throw new NetworkGraphException($"node '{label}' (Reshape): the shape input must be an int64 initializer");
        }

        var shape = new int[target.Length];
        var infer = -1;
        var known = 1;
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new NetworkGraphException($"node '{label}' (Reshape): more than one -1 in the target shape");
                }

                infer = i;
                continue;
            }

            shape[i] = target[i] == 0 && !allowZero
                ? (i < x.Shape.Length ? x.Shape[i] : throw new NetworkGraphException($"node '{label}' (Reshape): 0 at position {i} has no input dimension to copy"))
                : (int)target[i];
            known *= shape[i];
        }

        if (infer >= 0)
        {
            shape[infer] = known == 0 ? 0 : x.Length / known;
        }

        return IntervalTensor.Count(shape) == x.Length
            ? new IntervalTensor(shape, x.Lo, x.Hi)
            : throw new NetworkGraphException($"node '{label}' (Reshape): cannot reshape {IntervalTensor.Describe(x.Shape)} to [{string.Join(", ", target)}]");
    }
}
