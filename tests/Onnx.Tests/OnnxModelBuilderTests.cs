using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace IndustrialSafeRL.Onnx.Tests;

public sealed class OnnxModelBuilderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-onnx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>y = 2·tanh(x·Wᵀ + b) − 0.5, a two-input, three-output layer with scaling, as a policy head has.</summary>
    private static readonly float[] W = [0.5f, -1.0f, 0.25f, 0.75f, -0.3f, 0.2f];
    private static readonly float[] B = [0.1f, -0.2f, 0.05f];

    private static byte[] TinyModel()
    {
        var builder = new OnnxModelBuilder("tiny_policy");
        builder.AddInput("observation", -1, 2);
        builder.AddInitializer("layer0.weight", W, 3, 2);
        builder.AddInitializer("layer0.bias", B, 3);
        builder.AddInitializer("action.scale", [2f, 2f, 2f], 3);
        builder.AddInitializer("action.offset", [-0.5f, -0.5f, -0.5f], 3);
        builder.AddNode("Gemm", "layer0", ["observation", "layer0.weight", "layer0.bias"], ["layer0.out"], OnnxAttribute.Int("transB", 1));
        builder.AddNode("Tanh", "squash", ["layer0.out"], ["squashed"]);
        builder.AddNode("Mul", "scale", ["squashed", "action.scale"], ["scaled"]);
        builder.AddNode("Add", "offset", ["scaled", "action.offset"], ["action"]);
        builder.AddOutput("action", -1, 3);
        builder.AddMetadata("policy_id", "tiny");
        return builder.ToBytes();
    }

    private static float Expected(float x0, float x1, int j) =>
        (2f * MathF.Tanh((x0 * W[(j * 2) + 0]) + (x1 * W[(j * 2) + 1]) + B[j])) - 0.5f;

    [Fact]
    public void Onnx_runtime_loads_the_model_and_computes_the_layer()
    {
        using var session = new InferenceSession(TinyModel());
        Assert.Equal("observation", session.InputMetadata.Keys.Single());
        Assert.Equal([-1, 2], session.InputMetadata["observation"].Dimensions);
        Assert.Equal([-1, 3], session.OutputMetadata["action"].Dimensions);
        Assert.Equal("tiny", session.ModelMetadata.CustomMetadataMap["policy_id"]);

        float[] input = [0.3f, -1.2f, 2.0f, 0.5f, 0f, 0f];
        using var inputs = OrtValue.CreateTensorValueFromMemory(input, [3, 2]);
        using var results = session.Run(new RunOptions(), ["observation"], [inputs], ["action"]);
        var output = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(9, output.Length);
        for (var row = 0; row < 3; row++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(Expected(input[row * 2], input[(row * 2) + 1], j), output[(row * 3) + j], 1e-6f);
            }
        }
    }

    [Fact]
    public void The_independent_onnx_checker_accepts_the_model()
    {
        var path = Path.Combine(_dir, "tiny.onnx");
        File.WriteAllBytes(path, TinyModel());
        var script = "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); " +
                     "print(m.graph.name, [n.op_type for n in m.graph.node], m.opset_import[0].version)";
        using var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", script, path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = python.StandardOutput.ReadToEnd();
        var stderr = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"onnx checker failed (is python3-onnx installed? scripts/test.sh installs it): {stderr}");
        Assert.Equal("tiny_policy ['Gemm', 'Tanh', 'Mul', 'Add'] 17", stdout.Trim());
    }

    [Fact]
    public void Undefined_inputs_and_reused_names_are_refused()
    {
        var builder = new OnnxModelBuilder("g");
        builder.AddInput("x", -1, 2);
        var e = Assert.Throws<ArgumentException>(() => builder.AddNode("Relu", "r", ["y"], ["z"]));
        Assert.Contains("input 'y' is not defined", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.AddInitializer("x", [1f], 1));
        e = Assert.Throws<ArgumentException>(() => builder.AddInitializer("w", [1f, 2f], 3));
        Assert.Contains("hold 3 values, data has 2", e.Message, StringComparison.Ordinal);
        builder.AddOutput("missing", -1, 2);
        Assert.Throws<InvalidOperationException>(() => builder.ToBytes());
    }

    [Fact]
    public void Varints_and_nested_lengths_follow_the_protobuf_wire_format()
    {
        var writer = new ProtobufWriter();
        writer.Int64(1, 300);
        writer.String(2, "ab");
        writer.Message(3, inner => inner.Int64(1, 1));
        writer.Int64(4, -1);
        Assert.Equal(
            new byte[] { 0x08, 0xAC, 0x02, 0x12, 0x02, (byte)'a', (byte)'b', 0x1A, 0x02, 0x08, 0x01, 0x20, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 },
            writer.ToArray());
    }
}
