using System.Security.Cryptography;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Guide;
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
/// <c>policy.json</c> (DESIGN §3) with test vectors computed by TorchSharp. A guided policy (PAG) carries its guide
/// in the graph: a configured controller is computed from the observation window (selection MatMul/Sub/Div/Clip), a PLC-tag
/// guide is the extra input <c>guide</c> (raw action units); then action = clip(a_g + Φ(1−β)·tanh(ξ(s, a_g)), −1, 1)
/// before the action scaling, and the manifest's <c>guide.deviationBound</c> is Φ(1−β) in raw action units. A
/// confidence box mixes in the free action by λ(s) (see <see cref="PolicySet"/>) and is written as <c>guide.confidence</c>.</summary>
public static class PolicyExporter
{
    /// <summary>Graph input name.</summary>
    public const string InputName = "observation";

    /// <summary>Graph output name.</summary>
    public const string OutputName = "action";

    /// <summary>Graph input name of a PLC-tag guide's action (raw action units).</summary>
    public const string GuideInputName = "guide";

    /// <summary>Operator set written.</summary>
    public const int Opset = OnnxModelBuilder.DefaultOpset;

    /// <summary>Float32 margin added to s_k·Φ(1−β) in the manifest's guide bound (normalised action units).</summary>
    public const double BoundMargin = 1e-4;

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
        var guideInputs = policies.Guide is { ReadsTag: true } ? TestGuideInputs(layout, TestVectorCount, info.Seed + k) : null;
        var outputs = Reference(policies, k, inputs, guideInputs);
        var width = layout.WindowWidth;
        var a = layout.ActionWidth;
        var vectors = new List<TestVector>();
        for (var i = 0; i < TestVectorCount; i++)
        {
            vectors.Add(new TestVector(inputs[(i * width)..((i + 1) * width)], outputs[(i * a)..((i + 1) * a)], guideInputs?[(i * a)..((i + 1) * a)]));
        }

        GuideSpec? guideSpec = null;
        if (policies.Guide is { } guide)
        {
            // Φ(1−β) in normalised units times the half range: the shield's bound in raw action units, widened by
            // BoundMargin so the graph's float32 arithmetic never trips a shield that recomputes the guide in doubles.
            guideSpec = new GuideSpec(guide.Kind, layout.ActionTags,
                [.. Enumerable.Range(0, a).Select(j => ((policies.Shrink[k] * policies.Bound) + BoundMargin) * (layout.ActionHigh[j] - layout.ActionLow[j]) / 2)],
                Law(guide, layout),
                policies.Confidence is { } box ? new GuideConfidence(box.Tags, box.Low, box.High, box.Ramps) : null);
        }

        var manifest = new PolicyManifest
        {
            PolicyId = info.PolicyId,
            Version = info.Version,
            CreatedUtc = DateTimeOffset.UtcNow,
            Onnx = new OnnxFileInfo("policy.onnx", Convert.ToHexStringLower(SHA256.HashData(onnx)), Opset),
            Input = new TensorSpec(InputName, [-1, layout.HistoryLength, layout.ObservationWidth]),
            GuideInput = policies.Guide is { ReadsTag: true } ? new TensorSpec(GuideInputName, [-1, a]) : null,
            Guide = guideSpec,
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
        if (policies.Guide is { } guide)
        {
            builder.AddInitializer("clip.low", [-1f]);
            builder.AddInitializer("clip.high", [1f]);
            AddGuide(builder, guide, layout);
            builder.AddNode("Concat", "policy_input", [current, "guide.action"], ["policy.input"], OnnxAttribute.Int("axis", 1));
            current = "policy.input";
        }

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

        if (policies.Guide is not null && policies.Confidence is null)
        {
            builder.AddInitializer("guide.bound", [.. Enumerable.Repeat((float)policies.Bound, a)], a);
            builder.AddNode("Mul", "perturbation_scale", [current, "guide.bound"], ["perturbation"]);
            builder.AddNode("Add", "perturb_guide", ["guide.action", "perturbation"], ["guided.raw"]);
            builder.AddNode("Clip", "guided_clip", ["guided.raw", "clip.low", "clip.high"], ["guided"]);
            current = "guided";
        }
        else if (policies.Guide is not null)
        {
            // t·(1 + λ(Φ(1−β) − 1)) + λ·a_g, as PolicySet.Squash computes it.
            var lambda = AddConfidence(builder, policies);
            builder.AddInitializer("guide.bound_minus_one", [.. Enumerable.Repeat((float)(policies.Bound - 1), a)], a);
            builder.AddInitializer("guide.one", [.. Enumerable.Repeat(1f, a)], a);
            builder.AddNode("Mul", "confidence_bound", [lambda, "guide.bound_minus_one"], ["perturbation.scale_delta"]);
            builder.AddNode("Add", "confidence_scale", ["perturbation.scale_delta", "guide.one"], ["perturbation.scale"]);
            builder.AddNode("Mul", "perturbation_scale", [current, "perturbation.scale"], ["perturbation"]);
            builder.AddNode("Mul", "confidence_guide", [lambda, "guide.action"], ["guide.weighted"]);
            builder.AddNode("Add", "perturb_guide", ["guide.weighted", "perturbation"], ["guided.raw"]);
            builder.AddNode("Clip", "guided_clip", ["guided.raw", "clip.low", "clip.high"], ["guided"]);
            current = "guided";
        }

        if (policies.Guide is not null && policies.Shrink[k] < 1)
        {
            // Guide floor: a_g + s_k·(a − a_g), a convex combination of two actions in [−1, 1] (no clip needed).
            builder.AddInitializer("guide.pull", [.. Enumerable.Repeat((float)policies.Shrink[k], a)], a);
            builder.AddNode("Sub", "guide_offset", [current, "guide.action"], ["guide.offset"]);
            builder.AddNode("Mul", "guide_pull", ["guide.offset", "guide.pull"], ["guide.pulled_offset"]);
            builder.AddNode("Add", "guide_floor", ["guide.action", "guide.pulled_offset"], ["guide.floored"]);
            current = "guide.floored";
        }

        builder.AddNode("Mul", "action_scale", [current, "action.half_range"], ["action.scaled"]);
        builder.AddNode("Add", "action_offset", ["action.scaled", "action.centre"], [OutputName]);
        builder.AddOutput(OutputName, -1, a);
        builder.AddMetadata("policy_id", policyId);
        if (policies.Guide is { } g)
        {
            builder.AddMetadata("guide_kind", g.Kind);
            builder.AddMetadata("guide_bound", (policies.Shrink[k] * policies.Bound).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }

        builder.AddMetadata("frame_order", "oldest-first");
        return builder.ToBytes(Opset);
    }

    /// <summary>The configured guide as a manifest law a runtime can recompute; null for a PLC-tag guide.</summary>
    public static GuideLaw? Law(GuideController guide, PlantLayout layout)
    {
        ArgumentNullException.ThrowIfNull(guide);
        ArgumentNullException.ThrowIfNull(layout);
        var tags = guide.ObservationIndex.Select(i => layout.ObservationTags[i]).ToArray();
        var zeros = new double[guide.Actions];
        return guide switch
        {
            { ReadsTag: true } => null,
            SetPointGuide setPoint => new GuideLaw(tags, guide.Targets, [.. setPoint.Scales.Select(s => 1 / s)], zeros, zeros),
            PidGuide pid => new GuideLaw(tags, guide.Targets, pid.Kp, pid.Ki, pid.Kd),
            _ => throw new ArgumentException($"guide kind '{guide.Kind}' has no manifest law", nameof(guide)),
        };
    }

    /// <summary>The guide's confidence λ(s) as graph value <c>guide.lambda</c> [batch, A] (the same λ in every
    /// column): box tags picked from the newest normalised frame by a 0/1 MatMul, un-normalised, the excess outside
    /// the box by two Relu, summed over tags by a MatMul with the 1/ramp weights, then clip(1 − excess, 0, 1).</summary>
    private static string AddConfidence(OnnxModelBuilder builder, PolicySet policies)
    {
        var layout = policies.Layout;
        var box = policies.Confidence!;
        var tags = policies.ConfidenceTags;
        var t = tags.Count;
        var a = layout.ActionWidth;
        var newest = (layout.HistoryLength - 1) * layout.ObservationWidth;
        var select = new float[layout.WindowWidth * t];
        for (var j = 0; j < t; j++)
        {
            select[((newest + tags[j]) * t) + j] = 1;
        }

        var ramps = box.Ramps;
        var sum = new float[t * a];
        for (var j = 0; j < t; j++)
        {
            for (var c = 0; c < a; c++)
            {
                sum[(j * a) + c] = (float)(1 / ramps[j]);
            }
        }

        builder.AddInitializer("confidence.select", select, layout.WindowWidth, t);
        builder.AddInitializer("confidence.tag_mean", [.. tags.Select(i => (float)layout.ObservationMean[i])], t);
        builder.AddInitializer("confidence.tag_std", [.. tags.Select(i => (float)layout.ObservationStd[i])], t);
        builder.AddInitializer("confidence.low", [.. box.Low.Select(v => (float)v)], t);
        builder.AddInitializer("confidence.high", [.. box.High.Select(v => (float)v)], t);
        builder.AddInitializer("confidence.per_ramp", sum, t, a);
        builder.AddInitializer("confidence.zero", [0f]);
        builder.AddInitializer("confidence.one", [1f]);
        builder.AddNode("MatMul", "confidence_select", ["normalised", "confidence.select"], ["confidence.z"]);
        builder.AddNode("Mul", "confidence_unscale", ["confidence.z", "confidence.tag_std"], ["confidence.scaled"]);
        builder.AddNode("Add", "confidence_uncenter", ["confidence.scaled", "confidence.tag_mean"], ["confidence.x"]);
        builder.AddNode("Sub", "confidence_below", ["confidence.low", "confidence.x"], ["confidence.below_raw"]);
        builder.AddNode("Relu", "confidence_below_relu", ["confidence.below_raw"], ["confidence.below"]);
        builder.AddNode("Sub", "confidence_above", ["confidence.x", "confidence.high"], ["confidence.above_raw"]);
        builder.AddNode("Relu", "confidence_above_relu", ["confidence.above_raw"], ["confidence.above"]);
        builder.AddNode("Add", "confidence_outside", ["confidence.below", "confidence.above"], ["confidence.outside"]);
        builder.AddNode("MatMul", "confidence_excess", ["confidence.outside", "confidence.per_ramp"], ["confidence.excess"]);
        builder.AddNode("Sub", "confidence_complement", ["confidence.one", "confidence.excess"], ["confidence.raw"]);
        builder.AddNode("Clip", "confidence_clip", ["confidence.raw", "confidence.zero", "confidence.one"], ["guide.lambda"]);
        return "guide.lambda";
    }

    /// <summary>The guide's action in normalised units as graph value <c>guide.action</c> [batch, A]: computed from the
    /// normalised window the way <see cref="PolicySet.GuideAction"/> does, or read from the <c>guide</c> input.</summary>
    private static void AddGuide(OnnxModelBuilder builder, GuideController guide, PlantLayout layout)
    {
        var a = guide.Actions;
        if (guide.ReadsTag)
        {
            builder.AddInput(GuideInputName, -1, a);
            builder.AddNode("Sub", "guide_center", [GuideInputName, "action.centre"], ["guide.centered"]);
            builder.AddNode("Div", "guide_normalise", ["guide.centered", "action.half_range"], ["guide.action"]);
            return;
        }

        static float[] F(IEnumerable<double> values) => [.. values.Select(v => (float)v)];
        var l = layout.HistoryLength;
        var d = layout.ObservationWidth;

        // Tag values are picked from the flattened normalised window by constant 0/1 selection matrices (MatMul, exact
        // in float) rather than Gather, so the graph stays within the operators the deployment gate's interval
        // interpreter proves bounds over.
        string Select(string name, IEnumerable<int> frames)
        {
            var matrix = new float[l * d * a];
            foreach (var t in frames)
            {
                for (var j = 0; j < a; j++)
                {
                    matrix[(((t * d) + guide.ObservationIndex[j]) * a) + j] = 1;
                }
            }

            builder.AddInitializer($"guide.select_{name}", matrix, l * d, a);
            builder.AddNode("MatMul", $"guide_select_{name}", ["normalised", $"guide.select_{name}"], [$"guide.{name}_z"]);
            return $"guide.{name}_z";
        }

        builder.AddInitializer("guide.tag_mean", F(guide.ObservationIndex.Select(i => layout.ObservationMean[i])), a);
        builder.AddInitializer("guide.tag_std", F(guide.ObservationIndex.Select(i => layout.ObservationStd[i])), a);
        builder.AddInitializer("guide.target", F(guide.Targets), a);
        string Raw(string name, IEnumerable<int> frames)
        {
            var z = Select(name, frames);
            builder.AddNode("Mul", $"guide_{name}_unscale", [z, "guide.tag_std"], [$"guide.{name}_scaled"]);
            builder.AddNode("Add", $"guide_{name}_uncenter", [$"guide.{name}_scaled", "guide.tag_mean"], [$"guide.{name}"]);
            builder.AddNode("Sub", $"guide_{name}_error", ["guide.target", $"guide.{name}"], [$"guide.{name}_error"]);
            return $"guide.{name}_error";
        }

        var newest = Raw("newest", [l - 1]);
        switch (guide)
        {
            case SetPointGuide setPoint:
                builder.AddInitializer("guide.scale", F(setPoint.Scales), a);
                builder.AddNode("Div", "guide_scale", [newest, "guide.scale"], ["guide.unclipped"]);
                break;
            case PidGuide pid:
                // Σ_t (target − x_t) = L·target − (std·Σ_t z_t + L·mean).
                builder.AddInitializer("guide.kp", F(pid.Kp), a);
                builder.AddInitializer("guide.ki", F(pid.Ki), a);
                builder.AddInitializer("guide.window_target", F(guide.Targets.Select(v => v * l)), a);
                builder.AddInitializer("guide.window_mean", F(guide.ObservationIndex.Select(i => layout.ObservationMean[i] * l)), a);
                var sumZ = Select("window", Enumerable.Range(0, l));
                builder.AddNode("Mul", "guide_window_unscale", [sumZ, "guide.tag_std"], ["guide.window_scaled"]);
                builder.AddNode("Add", "guide_window_uncenter", ["guide.window_scaled", "guide.window_mean"], ["guide.window_sum"]);
                builder.AddNode("Sub", "guide_integral", ["guide.window_target", "guide.window_sum"], ["guide.error_sum"]);
                builder.AddNode("Mul", "guide_p", [newest, "guide.kp"], ["guide.p"]);
                builder.AddNode("Mul", "guide_i", ["guide.error_sum", "guide.ki"], ["guide.i"]);
                builder.AddNode("Add", "guide_pi", ["guide.p", "guide.i"], ["guide.pi"]);
                if (l > 1)
                {
                    var previous = Raw("previous", [l - 2]);
                    builder.AddInitializer("guide.kd", F(pid.Kd), a);
                    builder.AddNode("Sub", "guide_change", [newest, previous], ["guide.error_change"]);
                    builder.AddNode("Mul", "guide_d", ["guide.error_change", "guide.kd"], ["guide.d"]);
                    builder.AddNode("Add", "guide_pid", ["guide.pi", "guide.d"], ["guide.unclipped"]);
                }
                else
                {
                    builder.AddNode("Identity", "guide_pid", ["guide.pi"], ["guide.unclipped"]);
                }

                break;
            default:
                throw new ArgumentException($"guide kind '{guide.Kind}' ({guide.GetType().Name}) cannot be exported into the graph", nameof(guide));
        }

        builder.AddNode("Clip", "guide_clip", ["guide.unclipped", "clip.low", "clip.high"], ["guide.action"]);
    }

    /// <summary>The policy's action for raw flattened windows (row-major [n, L·D]) computed by TorchSharp, the
    /// training-side truth that the ONNX graph must reproduce. <paramref name="rawGuide"/> ([n, A], raw action
    /// units) is the PLC guide's action of a tag-guided policy.</summary>
    public static float[] Reference(PolicySet policies, int k, float[] rawWindows, float[]? rawGuide = null)
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
        var low = tensor(layout.ActionLow.Select(v => (float)v).ToArray());
        var high = tensor(layout.ActionHigh.Select(v => (float)v).ToArray());
        Tensor? guide = null;
        if (policies.Guide is { ReadsTag: true })
        {
            var a = layout.ActionWidth;
            var raw = rawGuide is { } values && values.Length == n * a ? tensor(values, [n, a])
                : throw new ArgumentException($"a tag-guided policy needs the guide's action: {n}×{a} values", nameof(rawGuide));
            guide = ((raw - ((high + low) / 2)) / ((high - low) / 2)).unsqueeze(0).expand(groups, n, a).contiguous();
        }

        var act = policies.Act(x, guide)[k];
        return (((act * (high - low)) / 2) + ((high + low) / 2)).contiguous().data<float>().ToArray();
    }

    /// <summary>Random raw guide actions, uniform over the action bounds widened by 10 % on each side.</summary>
    public static float[] TestGuideInputs(PlantLayout layout, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var random = new Random(unchecked((int)(seed + 7919)));
        var a = layout.ActionWidth;
        var values = new float[count * a];
        for (var i = 0; i < values.Length; i++)
        {
            var j = i % a;
            var centre = (layout.ActionHigh[j] + layout.ActionLow[j]) / 2;
            var half = (layout.ActionHigh[j] - layout.ActionLow[j]) / 2;
            values[i] = (float)(centre + (half * 1.1 * ((2 * random.NextDouble()) - 1)));
        }

        return values;
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
