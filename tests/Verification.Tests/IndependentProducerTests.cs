using System.Diagnostics;
using IndustrialSafeRL.Onnx;
using IndustrialSafeRL.Verification.Networks;
using Microsoft.ML.OnnxRuntime;

namespace IndustrialSafeRL.Verification.Tests;

/// <summary>The reader and interpreter on a model written by the ONNX reference library (python3-onnx, installed by
/// scripts/test.sh), which encodes weights as raw_data and adds fields our writer never emits.</summary>
public sealed class IndependentProducerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-onnxpy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Script = """
        import sys, numpy as np, onnx
        from onnx import helper, numpy_helper, TensorProto
        rng = np.random.default_rng(4)
        inits = [
            numpy_helper.from_array(np.array([0.5, -1.0, 2.0], np.float32), "mean"),
            numpy_helper.from_array(np.array([2.0, 0.5, 1.5], np.float32), "std"),
            numpy_helper.from_array(np.array([-1, 12], np.int64), "shape"),
            numpy_helper.from_array(rng.uniform(-1, 1, (8, 12)).astype(np.float32), "w0"),
            numpy_helper.from_array(rng.uniform(-0.1, 0.1, (8,)).astype(np.float32), "b0"),
            numpy_helper.from_array(rng.uniform(-1, 1, (8, 2)).astype(np.float32), "w1"),
            numpy_helper.from_array(np.array(-0.5, np.float32), "lo"),
            numpy_helper.from_array(np.array(0.75, np.float32), "hi"),
        ]
        nodes = [
            helper.make_node("Sub", ["observation", "mean"], ["c"], name="centre", doc_string="normalise"),
            helper.make_node("Div", ["c", "std"], ["z"], name="scale"),
            helper.make_node("Reshape", ["z", "shape"], ["flat"], name="flatten"),
            helper.make_node("Gemm", ["flat", "w0", "b0"], ["l0"], name="layer0", transB=1, alpha=0.8, beta=1.25),
            helper.make_node("Sigmoid", ["l0"], ["h0"], name="act0"),
            helper.make_node("MatMul", ["h0", "w1"], ["l1"], name="head"),
            helper.make_node("Clip", ["l1", "lo", "hi"], ["action"], name="clip"),
        ]
        graph = helper.make_graph(nodes, "independent",
            [helper.make_tensor_value_info("observation", TensorProto.FLOAT, ["N", 4, 3])],
            [helper.make_tensor_value_info("action", TensorProto.FLOAT, ["N", 2])], inits, doc_string="made by onnx.helper")
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="onnx-python")
        model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        onnx.save(model, sys.argv[1])
        """;

    [Fact]
    public void A_model_from_the_onnx_reference_library_reads_and_evaluates_like_onnx_runtime()
    {
        var path = Path.Combine(_dir, "independent.onnx");
        using (var python = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", Script, path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!)
        {
            var stderr = python.StandardError.ReadToEnd();
            python.WaitForExit();
            Assert.True(python.ExitCode == 0, $"python3-onnx failed (scripts/test.sh installs it): {stderr}");
        }

        var bytes = File.ReadAllBytes(path);
        var model = OnnxModelReader.Read(bytes);
        Assert.Equal("onnx-python", model.Producer);
        Assert.Equal(17, model.DefaultOpset);
        Assert.Equal("N", model.Graph.Inputs[0].Shape[0].Parameter);
        Assert.Equal([-1L, 12], model.Graph.Initializers.Single(t => t.Name == "shape").Int64s);
        Assert.Equal(0.8f, model.Graph.Nodes.Single(n => n.OpType == "Gemm").Attribute("alpha")!.FloatValue);

        var network = new NetworkGraph(model);
        using var session = new InferenceSession(bytes);
        var random = new Random(6);
        for (var trial = 0; trial < 50; trial++)
        {
            var x = Enumerable.Range(0, 12).Select(_ => (float)((random.NextDouble() * 6) - 3)).ToArray();
            using var value = OrtValue.CreateTensorValueFromMemory(x, [1, 4, 3]);
            using var outputs = session.Run(new RunOptions(), ["observation"], [value], ["action"]);
            var expected = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var actual = network.EvaluatePoint([[.. x.Select(v => (double)v)]]);
            for (var j = 0; j < 2; j++)
            {
                Assert.Equal(expected[j], actual[j], 1e-5);
            }
        }
    }
}
