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

    /// <summary>Largest input dimension and element count accepted (a policy input is a few thousand values).</summary>
    public const int MaxDimension = 1 << 20;

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

            int[] shape = [.. input.Shape.Select((d, i) => d.Value is { } v
                ? (v is >= 1 and <= MaxDimension ? (int)v : throw new NetworkGraphException($"graph input '{input.Name}': dimension {i} is {v}; expected 1 to {MaxDimension}"))
                : i == 0 ? 1
                : throw new NetworkGraphException($"graph input '{input.Name}': dimension {i} ('{d}') is symbolic; only the batch dimension (0) may be"))];
            if (shape.Aggregate(1L, (a, d) => a * d) > MaxDimension)
            {
                throw new NetworkGraphException($"graph input '{input.Name}' {IntervalTensor.Describe(shape)} has more than {MaxDimension} elements");
            }
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

        return Execute(values, null, [], []);
    }

    /// <summary>
    /// An interval containing the output for every point of the box [lo, hi] whose coordinates feed the inputs
    /// through <paramref name="mapping"/> (per input, per element: a coordinate index). Inputs that share a
    /// coordinate stay correlated through the affine front of the network (symbolic propagation up to the first
    /// operator that is not affine), which is tighter than <see cref="Evaluate(IReadOnlyList{IntervalTensor})"/>
    /// when several elements read the same coordinate, and never looser.
    /// </summary>
    public IntervalTensor EvaluateBox(IReadOnlyList<int[]> mapping, double[] lo, double[] hi)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(lo);
        ArgumentNullException.ThrowIfNull(hi);
        if (mapping.Count != Inputs.Count)
        {
            throw new ArgumentException($"{mapping.Count} input mappings given, the graph has {Inputs.Count}", nameof(mapping));
        }

        var n = lo.Length;
        var centre = new double[n];
        var radius = new double[n];
        for (var d = 0; d < n; d++)
        {
            centre[d] = (lo[d] + hi[d]) / 2;
            radius[d] = (hi[d] - lo[d]) / 2;
        }

        var values = new Dictionary<string, IntervalTensor>(_constants, StringComparer.Ordinal);
        var affine = new Dictionary<string, AffineTensor>(StringComparer.Ordinal);
        for (var i = 0; i < mapping.Count; i++)
        {
            if (mapping[i].Length != IntervalTensor.Count(Inputs[i].Shape))
            {
                throw new ArgumentException($"input '{Inputs[i].Name}' needs {IntervalTensor.Count(Inputs[i].Shape)} values, the mapping has {mapping[i].Length}", nameof(mapping));
            }

            affine[Inputs[i].Name] = AffineTensor.Select(Inputs[i].Shape, mapping[i], n);
        }

        return Execute(values, affine, centre, radius);
    }

    private IntervalTensor Execute(Dictionary<string, IntervalTensor> values, Dictionary<string, AffineTensor>? affine, double[] centre, double[] radius)
    {
        foreach (var node in _model.Graph.Nodes)
        {
            if (node.Outputs.Count == 0)
            {
                throw new NetworkGraphException($"node '{node.Name}' ({node.OpType}) has no output");
            }

            if (affine is not null && node.Inputs.Any(affine.ContainsKey))
            {
                if (RunAffine(node, values, affine) is { } symbolic)
                {
                    affine[node.Outputs[0]] = symbolic;
                    continue;
                }

                // Not affine: the symbolic inputs become their (exact) intervals over the box.
                foreach (var input in node.Inputs)
                {
                    if (affine.TryGetValue(input, out var form) && !values.ContainsKey(input))
                    {
                        values[input] = form.Concretise(centre, radius);
                    }
                }
            }

            values[node.Outputs[0]] = Run(node, values);
        }

        if (affine is not null && affine.TryGetValue(OutputName, out var output))
        {
            return output.Concretise(centre, radius);
        }

        return values.TryGetValue(OutputName, out var result)
            ? result
            : throw new NetworkGraphException($"graph output '{OutputName}' is not produced by any node");
    }

    /// <summary>The node on affine operands when it is affine in them with constant coefficients, else null.</summary>
    private static AffineTensor? RunAffine(OnnxNode node, Dictionary<string, IntervalTensor> values, Dictionary<string, AffineTensor> affine)
    {
        var label = node.Name.Length > 0 ? node.Name : node.Outputs[0];
        AffineTensor? A(int i) => i < node.Inputs.Count && affine.TryGetValue(node.Inputs[i], out var a) ? a : null;
        IntervalTensor? Constant(int i) => i < node.Inputs.Count && values.TryGetValue(node.Inputs[i], out var c) && c.Int64s is null && IntervalOps.IsPoint(c) ? c : null;
        AffineTensor Reshaped(AffineTensor a, IntervalTensor shaped) => a.WithShape(shaped.Shape);
        IntervalTensor Stand(AffineTensor a) => new(a.Shape, a.Const, a.Const);
        switch (node.OpType)
        {
            case "Identity":
                return A(0);
            case "Flatten":
                return A(0) is { } f ? Reshaped(f, Flatten(Stand(f), (int)(node.Attribute("axis")?.IntValue ?? 1), label)) : null;
            case "Reshape":
                return A(0) is { } r && node.Inputs.Count > 1 && values.TryGetValue(node.Inputs[1], out var target)
                    ? Reshaped(r, Reshape(Stand(r), target, (node.Attribute("allowzero")?.IntValue ?? 0) != 0, label))
                    : null;
            case "Add" or "Sub":
            {
                var sign = node.OpType == "Add" ? 1.0 : -1.0;
                if (A(0) is { } a0 && A(1) is { } a1)
                {
                    return AffineTensor.Combine(a0, a1, sign, label);
                }

                if (A(0) is { } left && Constant(1) is { } right)
                {
                    return AffineTensor.WithConstant(left, sign > 0 ? right : Negate(right), multiply: false, constantFirst: false, label);
                }

                if (Constant(0) is { } c0 && A(1) is { } a)
                {
                    var signed = sign > 0 ? a : AffineTensor.WithConstant(a, IntervalTensor.Point([], [-1]), multiply: true, constantFirst: false, label);
                    return AffineTensor.WithConstant(signed, c0, multiply: false, constantFirst: true, label);
                }

                return null;
            }

            case "Mul":
                return A(0) is { } m0 && Constant(1) is { } k1 ? AffineTensor.WithConstant(m0, k1, multiply: true, constantFirst: false, label)
                    : Constant(0) is { } k0 && A(1) is { } m1 ? AffineTensor.WithConstant(m1, k0, multiply: true, constantFirst: true, label)
                    : null;
            case "Div":
                return A(0) is { } d0 && Constant(1) is { } divisor && divisor.Lo.All(v => v != 0)
                    ? AffineTensor.WithConstant(d0, IntervalTensor.Point(divisor.Shape, [.. divisor.Lo.Select(v => 1 / v)]), multiply: true, constantFirst: false, label)
                    : null;
            case "Gemm":
            {
                if (A(0) is not { } g || Constant(1) is not { } w || (node.Attribute("transA")?.IntValue ?? 0) != 0 || g.Shape.Length != 2 || w.Shape.Length != 2)
                {
                    return null;
                }

                var transB = (node.Attribute("transB")?.IntValue ?? 0) != 0;
                var k = g.Shape[1];
                var cols = transB ? w.Shape[0] : w.Shape[1];
                if ((transB ? w.Shape[1] : w.Shape[0]) != k)
                {
                    throw new NetworkGraphException($"node '{label}' (Gemm): inner dimensions differ: A {IntervalTensor.Describe(g.Shape)} · B {IntervalTensor.Describe(w.Shape)}{(transB ? "ᵀ" : string.Empty)}");
                }

                var alpha = node.Attribute("alpha") is { } al ? al.FloatValue : 1.0;
                var beta = node.Attribute("beta") is { } be ? be.FloatValue : 1.0;
                var dense = AffineTensor.Dense(g, w, g.Shape[0], k, cols, transB, alpha);
                if (node.Inputs.Count < 3 || node.Inputs[2].Length == 0)
                {
                    return dense;
                }

                if (Constant(2) is not { } c)
                {
                    return null;
                }

                var bias = beta == 1 ? c : IntervalTensor.Point(c.Shape, [.. c.Lo.Select(v => v * beta)]);
                return AffineTensor.WithConstant(dense, bias, multiply: false, constantFirst: false, label);
            }

            case "MatMul":
            {
                if (A(0) is not { } x || Constant(1) is not { } w || w.Shape.Length != 2 || x.Shape.Length < 1 || x.Shape[^1] != w.Shape[0])
                {
                    return null;
                }

                var k = w.Shape[0];
                var dense = AffineTensor.Dense(x, w, x.Length / Math.Max(k, 1), k, w.Shape[1], transB: false, alpha: 1);
                return dense.WithShape([.. x.Shape[..^1], w.Shape[1]]);
            }

            case "Concat":
            {
                var first = Enumerable.Range(0, node.Inputs.Count).Select(A).First(a => a is not null)!;
                var parts = new List<AffineTensor>();
                for (var i = 0; i < node.Inputs.Count; i++)
                {
                    if (A(i) is { } part)
                    {
                        parts.Add(part);
                    }
                    else if (Constant(i) is { } c)
                    {
                        parts.Add(AffineTensor.FromConstant(c, first.Dimensions));
                    }
                    else
                    {
                        return null;
                    }
                }

                // The interval version checks shapes and the axis, and gives the result shape.
                var axis = (int)(node.Attribute("axis")?.IntValue ?? throw new NetworkGraphException($"node '{label}' (Concat): attribute 'axis' is required"));
                var checkedShape = IntervalOps.Concat([.. parts.Select(Stand)], axis, label).Shape;
                return AffineTensor.Concat(parts, axis < 0 ? axis + checkedShape.Length : axis);
            }

            default:
                return null;
        }
    }

    private static IntervalTensor Negate(IntervalTensor c) => IntervalTensor.Point(c.Shape, [.. c.Lo.Select(v => -v)]);

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
