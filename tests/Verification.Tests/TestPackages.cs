using System.Security.Cryptography;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace IndustrialSafeRL.Verification.Tests;

/// <summary>Writes policy packages the way the trainer exports them (normalisation → Flatten → Gemm/Tanh layers →
/// action scaling), with test vectors computed by ONNX Runtime, and transition stores to measure them on.</summary>
internal static class TestPackages
{
    public static readonly string[] Tags = ["a", "b", "c"];
    public static readonly string[] Actions = ["u", "v"];
    public const int History = 4;
    public static readonly double[] Mean = [1, -2, 0.5];
    public static readonly double[] Std = [2, 0.5, 1];
    public static readonly double[] Low = [-1, -3];
    public static readonly double[] High = [1, 2];

    /// <summary>Writes a package into <paramref name="directory"/>; <paramref name="biasShift"/> moves the output
    /// layer's bias (an injected deviation from the unshifted policy).</summary>
    public static PolicyManifest Write(string directory, double biasShift = 0, string frameOrder = "newest-first", int seed = 7, double epsilon = 0.05, double sigma = 0.1, double? bumpAbove = null)
    {
        Directory.CreateDirectory(directory);
        var onnx = Onnx(seed, (float)biasShift, bumpAbove: bumpAbove);
        File.WriteAllBytes(Path.Combine(directory, "policy.onnx"), onnx);
        var random = new Random(seed + 1);
        var vectors = new List<TestVector>();
        using (var session = new InferenceSession(onnx))
        {
            for (var v = 0; v < 4; v++)
            {
                var input = new float[History * Tags.Length];
                for (var i = 0; i < input.Length; i++)
                {
                    var d = i % Tags.Length;
                    input[i] = (float)(Mean[d] + (Std[d] * ((random.NextDouble() * 4) - 2)));
                }

                using var value = OrtValue.CreateTensorValueFromMemory(input, [1, History, Tags.Length]);
                using var outputs = session.Run(new RunOptions(), ["observation"], [value], ["action"]);
                vectors.Add(new TestVector(input, outputs[0].GetTensorDataAsSpan<float>().ToArray()));
            }
        }

        var manifest = new PolicyManifest
        {
            PolicyId = $"test-{seed}-{biasShift}",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            Onnx = new OnnxFileInfo("policy.onnx", Convert.ToHexStringLower(SHA256.HashData(onnx)), OnnxModelBuilder.DefaultOpset),
            Input = new TensorSpec("observation", [-1, History, Tags.Length]),
            Output = new TensorSpec("action", [-1, Actions.Length]),
            Observation = new ObservationSpec(Tags, History, Mean, Std, frameOrder),
            Action = new ActionSpec(Actions, Low, High),
            DataSupport = new DataSupport(["a", "b"], [-3, -3], [5, -1]),
            Training = new TrainingInfo { DatasetHash = new string('0', 64), TrainerVersion = "test" },
            TrustRegion = new TrustRegionInfo("previous", 0.01, epsilon, sigma),
            TestVectors = vectors,
        };
        manifest.Save(Path.Combine(directory, PolicyManifest.FileName));
        return manifest;
    }

    /// <summary>The policy graph; with <paramref name="bumpAbove"/>, output u is pushed by 4·relu(a − θ) (a = the
    /// newest frame's tag 'a' in raw units), a deviation confined to states where a exceeds θ.</summary>
    public static byte[] Onnx(int seed, float biasShift = 0, string activation = "Tanh", double? bumpAbove = null)
    {
        var random = new Random(seed);
        float[] Values(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale))];
        var d = Tags.Length;
        var width = History * d;
        const int hidden = 8;
        var a = Actions.Length;
        var builder = new OnnxModelBuilder("policy");
        builder.AddInput("observation", -1, History, d);
        builder.AddInitializer("normalise.mean", [.. Mean.Select(v => (float)v)], d);
        builder.AddInitializer("normalise.std", [.. Std.Select(v => (float)v)], d);
        builder.AddNode("Sub", "normalise_center", ["observation", "normalise.mean"], ["centred"]);
        builder.AddNode("Div", "normalise_scale", ["centred", "normalise.std"], ["window"]);
        builder.AddNode("Flatten", "window_flatten", ["window"], ["flat"], OnnxAttribute.Int("axis", 1));
        builder.AddInitializer("l0.w", Values(width * hidden, 0.5), width, hidden);
        builder.AddInitializer("l0.b", Values(hidden, 0.1), hidden);
        builder.AddNode("Gemm", "l0", ["flat", "l0.w", "l0.b"], ["l0.y"]);
        builder.AddNode(activation, "l0_act", ["l0.y"], ["h"]);
        builder.AddInitializer("l1.w", Values(hidden * a, 0.5), hidden, a);
        builder.AddInitializer("l1.b", [.. Values(a, 0.1).Select(v => v + biasShift)], a);
        builder.AddNode("Gemm", "l1", ["h", "l1.w", "l1.b"], ["l1.y"]);
        var head = "l1.y";
        if (bumpAbove is { } theta)
        {
            // Select the newest frame's 'a' (raw) from the normalised window: a = z·std + mean.
            var select = new float[width * a];
            select[0] = 4f * (float)Std[0];
            builder.AddInitializer("bump.w", select, width, a);
            builder.AddInitializer("bump.b", [4f * (float)(Mean[0] - theta), 0f], a);
            builder.AddNode("Gemm", "bump", ["flat", "bump.w", "bump.b"], ["bump.y"]);
            builder.AddNode("Relu", "bump_relu", ["bump.y"], ["bump.r"]);
            builder.AddNode("Add", "bump_add", ["l1.y", "bump.r"], ["l1.bumped"]);
            head = "l1.bumped";
        }

        builder.AddNode("Tanh", "l1_tanh", [head], ["t"]);
        builder.AddInitializer("action.half_range", [.. Low.Zip(High, (l, h) => (float)((h - l) / 2))], a);
        builder.AddInitializer("action.centre", [.. Low.Zip(High, (l, h) => (float)((h + l) / 2))], a);
        builder.AddNode("Mul", "action_scale", ["t", "action.half_range"], ["scaled"]);
        builder.AddNode("Add", "action_offset", ["scaled", "action.centre"], ["action"]);
        builder.AddOutput("action", -1, a);
        return builder.ToBytes();
    }

    /// <summary>A store of <paramref name="episodes"/> random-walk episodes over the observation tags (plus an extra tag).</summary>
    public static string Store(string path, int episodes = 3, int steps = 40)
    {
        var layout = new StoreLayout(["extra", "c", "b", "a"], Actions, []);
        using var store = TransitionStore.Create(path, layout, StoreDurability.Normal);
        var random = new Random(3);
        var batch = new List<TransitionRecord>();
        for (var e = 0; e < episodes; e++)
        {
            double[] x = [0, 0.5, -2, 1];
            for (var s = 0; s < steps; s++)
            {
                x = [.. x.Select(v => v + ((random.NextDouble() - 0.5) * 0.4))];
                batch.Add(new TransitionRecord
                {
                    RunId = "run",
                    PolicyId = "behaviour",
                    Episode = e,
                    Step = s,
                    Observation = x,
                    ProposedAction = [0, 0],
                    AppliedAction = [0, 0],
                });
            }
        }

        store.Append(batch);
        return path;
    }
}
