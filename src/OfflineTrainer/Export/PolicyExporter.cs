using System.Security.Cryptography;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.Onnx;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Export;

/// <summary>Provenance and training facts written into a package's manifest.</summary>
public sealed record PolicyExportInfo(
    string PolicyId,
    string DatasetHash,
    long DatasetRows,
    long Seed,
    string Safety,
    IReadOnlyDictionary<string, double> Hyperparameters,
    double ModelEstimatedReturn,
    StateBounds Bounds,
    int Version = 1)
{
    /// <summary>The measured change from the predecessor policy (null: no predecessor).</summary>
    public TrustRegionInfo? TrustRegion { get; init; }
}

/// <summary>Writes one of the K policies as a self-contained package directory: <c>policy.onnx</c> (raw
/// observation window [batch, L, D] in, raw action out: normalisation → MLP → tanh → action scaling, every node named) and
/// <c>policy.json</c> (DESIGN §3) with test vectors computed by TorchSharp.</summary>
public static class PolicyExporter
{
    /// <summary>Graph input name.</summary>
    public const string InputName = "observation";

    /// <summary>Graph output name.</summary>
    public const string OutputName = "action";

    /// <summary>Operator set written.</summary>
    public const int Opset = OnnxModelBuilder.DefaultOpset;

    /// <summary>Number of test vectors in the manifest.</summary>
    public const int TestVectorCount = 8;

    /// <summary>Exports policy <paramref name="k"/> into <paramref name="directory"/>; returns the manifest.</summary>
    public static PolicyManifest Export(PolicySet policies, int k, PolicyExportInfo info, string directory)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(info);
        var layout = policies.Layout;
        Directory.CreateDirectory(directory);
        var onnx = BuildOnnx(policies, k, info.PolicyId);
        var onnxPath = Path.Combine(directory, "policy.onnx");
        File.WriteAllBytes(onnxPath, onnx);

        var inputs = TestInputs(layout, TestVectorCount, info.Seed + k);
        var outputs = Reference(policies, k, inputs);
        var width = layout.WindowWidth;
        var a = layout.ActionWidth;
        var vectors = new List<TestVector>();
        for (var i = 0; i < TestVectorCount; i++)
        {
            vectors.Add(new TestVector(inputs[(i * width)..((i + 1) * width)], outputs[(i * a)..((i + 1) * a)]));
        }

        var manifest = new PolicyManifest
        {
            PolicyId = info.PolicyId,
            Version = info.Version,
            CreatedUtc = DateTimeOffset.UtcNow,
            Onnx = new OnnxFileInfo("policy.onnx", Convert.ToHexStringLower(SHA256.HashData(onnx)), Opset),
            Input = new TensorSpec(InputName, [-1, layout.HistoryLength, layout.ObservationWidth]),
            Output = new TensorSpec(OutputName, [-1, a]),
            Observation = new ObservationSpec(layout.ObservationTags, layout.HistoryLength, layout.ObservationMean, layout.ObservationStd, "oldest-first"),
            Action = new ActionSpec(layout.ActionTags, layout.ActionLow, layout.ActionHigh),
            DataSupport = new DataSupport(info.Bounds.Tags, info.Bounds.Low, info.Bounds.High),
            Training = new TrainingInfo
            {
                DatasetHash = info.DatasetHash,
                DatasetRows = info.DatasetRows,
                TrainerVersion = IterationTrainer.Version,
                Seed = info.Seed,
                TransitionModel = layout.TransitionVariant,
                Safety = info.Safety,
                Hyperparameters = info.Hyperparameters,
                ModelEstimatedReturn = info.ModelEstimatedReturn,
            },
            TrustRegion = info.TrustRegion,
            TestVectors = vectors,
        };
        manifest.Save(Path.Combine(directory, PolicyManifest.FileName));
        return manifest;
    }

    /// <summary>The ONNX graph of policy k.</summary>
    public static byte[] BuildOnnx(PolicySet policies, int k, string policyId)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var layout = policies.Layout;
        var d = layout.ObservationWidth;
        var builder = new OnnxModelBuilder("policy");
        builder.AddInput(InputName, -1, layout.HistoryLength, d);
        builder.AddInitializer("normalise.mean", [.. layout.ObservationMean.Select(v => (float)v)], d);
        builder.AddInitializer("normalise.std", [.. layout.ObservationStd.Select(v => (float)v)], d);
        builder.AddNode("Sub", "normalise_center", [InputName, "normalise.mean"], ["normalise.centered"]);
        builder.AddNode("Div", "normalise_scale", ["normalise.centered", "normalise.std"], ["normalise.window"]);
        // [batch, L, D] → [batch, L·D], oldest frame first: the layout the networks were trained on.
        builder.AddNode("Flatten", "window_flatten", ["normalise.window"], ["normalised"], OnnxAttribute.Int("axis", 1));
        var current = "normalised";
        var layers = policies.Network.GroupLayers(k);
        for (var layer = 0; layer < layers.Length; layer++)
        {
            var (w, b, fanIn, fanOut) = layers[layer];
            var name = $"mlp.layer{layer}";
            builder.AddInitializer($"{name}.weight", w, fanIn, fanOut);
            builder.AddInitializer($"{name}.bias", b, fanOut);
            builder.AddNode("Gemm", name, [current, $"{name}.weight", $"{name}.bias"], [$"{name}.linear"]);
            builder.AddNode("Tanh", $"{name}_tanh", [$"{name}.linear"], [$"{name}.out"]);
            current = $"{name}.out";
        }

        var a = layout.ActionWidth;
        var half = new float[a];
        var centre = new float[a];
        for (var j = 0; j < a; j++)
        {
            half[j] = (float)((layout.ActionHigh[j] - layout.ActionLow[j]) / 2);
            centre[j] = (float)((layout.ActionHigh[j] + layout.ActionLow[j]) / 2);
        }

        builder.AddInitializer("action.half_range", half, a);
        builder.AddInitializer("action.centre", centre, a);
        builder.AddNode("Mul", "action_scale", [current, "action.half_range"], ["action.scaled"]);
        builder.AddNode("Add", "action_offset", ["action.scaled", "action.centre"], [OutputName]);
        builder.AddOutput(OutputName, -1, a);
        builder.AddMetadata("policy_id", policyId);
        builder.AddMetadata("frame_order", "oldest-first");
        return builder.ToBytes(Opset);
    }

    /// <summary>The policy's action for raw flattened windows (row-major [n, L·D]) computed by TorchSharp, the
    /// training-side truth that the ONNX graph must reproduce.</summary>
    public static float[] Reference(PolicySet policies, int k, float[] rawWindows)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(rawWindows);
        var layout = policies.Layout;
        var width = layout.WindowWidth;
        var n = rawWindows.Length / width;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mean = tensor(layout.ObservationMean.Select(v => (float)v).ToArray()).repeat(layout.HistoryLength);
        var std = tensor(layout.ObservationStd.Select(v => (float)v).ToArray()).repeat(layout.HistoryLength);
        var z = (tensor(rawWindows, [n, width]) - mean) / std;
        var groups = policies.Count;
        var x = z.unsqueeze(0).expand(groups, n, width).contiguous();
        var act = policies.Act(x)[k];
        var low = tensor(layout.ActionLow.Select(v => (float)v).ToArray());
        var high = tensor(layout.ActionHigh.Select(v => (float)v).ToArray());
        return (((act * (high - low)) / 2) + ((high + low) / 2)).contiguous().data<float>().ToArray();
    }

    /// <summary>Random raw windows around the data: mean + 1.5·std·N(0, 1) per value.</summary>
    public static float[] TestInputs(PlantLayout layout, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var random = new Random(unchecked((int)seed));
        var width = layout.WindowWidth;
        var d = layout.ObservationWidth;
        var values = new float[count * width];
        for (var i = 0; i < values.Length; i++)
        {
            var tag = i % width % d;
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            values[i] = (float)(layout.ObservationMean[tag] + (1.5 * layout.ObservationStd[tag] * normal));
        }

        return values;
    }
}
