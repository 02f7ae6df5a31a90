using IndustrialSafeRL.Onnx;

namespace IndustrialSafeRL.Verification.Tests;

/// <summary>Small hand-built networks whose behaviour is known in closed form.</summary>
internal static class TestNetworks
{
    /// <summary>y = W2·relu(W1·x + b1) + b2 with x of width <paramref name="inputs"/>, one output.</summary>
    public static byte[] TwoLayer(float[] w1, float[] b1, float[] w2, float b2, int inputs)
    {
        var hidden = b1.Length;
        var builder = new OnnxModelBuilder("two_layer");
        builder.AddInput("x", -1, inputs);
        builder.AddInitializer("w1", w1, hidden, inputs);
        builder.AddInitializer("b1", b1, hidden);
        builder.AddInitializer("w2", w2, hidden, 1);
        builder.AddInitializer("b2", [b2], 1);
        builder.AddNode("Gemm", "layer1", ["x", "w1", "b1"], ["h"], OnnxAttribute.Int("transB", 1));
        builder.AddNode("Relu", "relu1", ["h"], ["a"]);
        builder.AddNode("MatMul", "layer2", ["a", "w2"], ["z"]);
        builder.AddNode("Add", "bias2", ["z", "b2"], ["y"]);
        builder.AddOutput("y", -1, 1);
        return builder.ToBytes();
    }

    /// <summary>y = |x| as relu(x) + relu(−x): safe for y ≤ t exactly on |x| ≤ t.</summary>
    public static byte[] AbsoluteValue() => TwoLayer([1f, -1f], [0f, 0f], [1f, 1f], 0f, 1);

    /// <summary>y = relu(x1 + x2): with limit y ≤ t the unsafe set is the half-plane x1 + x2 > t.</summary>
    public static byte[] HalfPlane() => TwoLayer([1f, 1f], [0f], [1f], 0f, 2);

    /// <summary>A random policy-shaped graph: [batch, L, D] window → Sub/Div normalisation → Flatten → Gemm/Tanh
    /// and Gemm/Relu layers → Clip → Mul/Add scaling, plus Reshape, Identity, Sigmoid and Concat with a guide input.</summary>
    public static byte[] PolicyShaped(int seed, int history, int tags, int hidden, int actions, bool guide = false)
    {
        var random = new Random(seed);
        float[] Values(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale))];
        var builder = new OnnxModelBuilder("policy");
        builder.AddInput("observation", -1, history, tags);
        if (guide)
        {
            builder.AddInput("guide", -1, actions);
        }

        builder.AddInitializer("mean", Values(tags, 2), tags);
        builder.AddInitializer("std", [.. Values(tags, 1).Select(v => 0.5f + Math.Abs(v))], tags);
        builder.AddNode("Sub", "centre", ["observation", "mean"], ["centred"]);
        builder.AddNode("Div", "scale", ["centred", "std"], ["z"]);
        builder.AddInt64Initializer("flat_shape", [-1, history * tags], 2);
        builder.AddNode("Reshape", "flatten", ["z", "flat_shape"], ["flat"]);
        var width = history * tags;
        var current = "flat";
        if (guide)
        {
            builder.AddNode("Concat", "with_guide", ["flat", "guide"], ["joined"], OnnxAttribute.Int("axis", 1));
            current = "joined";
            width += actions;
        }

        builder.AddInitializer("w0", Values(width * hidden, 1.0 / Math.Sqrt(width)), width, hidden);
        builder.AddInitializer("b0", Values(hidden, 0.1), hidden);
        builder.AddNode("Gemm", "layer0", [current, "w0", "b0"], ["l0"]);
        builder.AddNode("Tanh", "act0", ["l0"], ["h0"]);
        builder.AddInitializer("w1", Values(hidden * hidden, 1.0 / Math.Sqrt(hidden)), hidden, hidden);
        builder.AddNode("Gemm", "layer1", ["h0", "w1"], ["l1"], OnnxAttribute.Float("alpha", 0.9f), OnnxAttribute.Int("transB", 1));
        builder.AddNode("Relu", "act1", ["l1"], ["h1"]);
        builder.AddNode("Identity", "same", ["h1"], ["h1b"]);
        builder.AddInitializer("w2", Values(hidden * actions, 1.0 / Math.Sqrt(hidden)), hidden, actions);
        builder.AddInitializer("b2", Values(actions, 0.1), actions);
        builder.AddNode("MatMul", "head", ["h1b", "w2"], ["l2"]);
        builder.AddNode("Add", "head_bias", ["l2", "b2"], ["l2b"]);
        builder.AddNode("Sigmoid", "gate", ["l2b"], ["g"]);
        builder.AddInitializer("clip_min", [0.1f]);
        builder.AddInitializer("clip_max", [0.8f]);
        builder.AddNode("Clip", "clip", ["g", "clip_min", "clip_max"], ["c"]);
        builder.AddInitializer("half", Values(actions, 2), actions);
        builder.AddInitializer("centre_a", Values(actions, 1), actions);
        builder.AddNode("Mul", "action_scale", ["c", "half"], ["s"]);
        builder.AddNode("Add", "action_offset", ["s", "centre_a"], ["action"]);
        builder.AddOutput("action", -1, actions);
        builder.AddMetadata("policy_id", $"shaped-{seed}");
        return builder.ToBytes();
    }
}
