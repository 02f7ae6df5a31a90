using System.Diagnostics;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Export;
using IndustrialSafeRL.OfflineTrainer.Guide;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>The local guide (PAG): guide controllers, the deviation bound, the β schedule, training and export.</summary>
public sealed class LocalGuideTests : IDisposable
{
    private static readonly GuideConfig Mediocre = new() { Kind = GuideKind.SetPoint, Targets = [25, 25, 25] };
    private readonly string _dir = TrainerFixtures.TempDir();

    public LocalGuideTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PlantLayout Layout(int history, out TrainingDataset data)
    {
        data = ToyPlant.Dataset(3, 60, 0.4, 8);
        return PlantLayout.Derive(data, new TrainerConfig { HistoryLength = history });
    }

    /// <summary>Random normalised windows [K, n, L·D], wide enough to drive the guide and the network into saturation.</summary>
    private static Tensor RandomWindows(PlantLayout layout, int k, int n, double spread, long seed) =>
        randn([k, n, layout.WindowWidth], generator: new Generator((ulong)seed)) * spread;

    [Fact]
    public void Set_point_guide_is_the_IB_behaviour_controller_in_torch_and_in_doubles()
    {
        var layout = Layout(3, out var data);
        var guide = (SetPointGuide)GuideController.Create(Mediocre, layout, data)!;
        Assert.Equal([1.0, 10.0, 5.75], guide.Scales);
        Assert.Equal([1, 2, 3], guide.ObservationIndex);

        // The logged controller actions of the toy data (ε-mixed) are reproduced wherever the log used the controller.
        var matched = 0;
        var action = new double[3];
        foreach (var episode in data.Episodes)
        {
            for (var t = 0; t < episode.Length; t++)
            {
                var f = episode.Frames[t];
                guide.Act([f[1], f[2], f[3]], action);
                if (action.Zip(episode.Actions[t]).All(p => Math.Abs(p.First - p.Second) < 1e-12))
                {
                    matched++;
                }
            }
        }

        Assert.InRange(matched / (double)data.TransitionCount, 0.5, 0.7);

        // Torch (through the policy set's denormalisation of the window) = doubles on the raw window.
        using var policies = new PolicySet(layout, 2, [8], 1, guide, 0.5);
        using var scope = NewDisposeScope();
        var windows = RandomWindows(layout, 2, 50, 2.0, 3);
        var torchGuide = policies.GuideAction(windows).data<float>().ToArray();
        var raw = windows.reshape(2, 50, 3, 6).data<float>().ToArray();
        var history = new double[9];
        for (var i = 0; i < 100; i++)
        {
            for (var t = 0; t < 3; t++)
            {
                for (var j = 0; j < 3; j++)
                {
                    var d = j + 1;
                    history[(t * 3) + j] = (raw[(i * 18) + (t * 6) + d] * layout.ObservationStd[d]) + layout.ObservationMean[d];
                }
            }

            guide.Act(history, action);
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(action[j], torchGuide[(i * 3) + j], 1e-4);
            }
        }

        Assert.Contains(torchGuide, v => v == 1f);
        Assert.Contains(torchGuide, v => v == -1f);
        Assert.Contains(torchGuide, v => Math.Abs(v) < 0.9f);
    }

    [Fact]
    public void Pid_guide_torch_matches_doubles_and_reduces_to_the_set_point_controller()
    {
        var pid = new PidGuide([0, 1], [10, -2], kp: [0.5, 0.1], ki: [0.01, 0.02], kd: [0.3, -0.2]);
        var random = new Random(4);
        var values = new float[40 * 5 * 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 30) - 10);
        }

        using var scope = NewDisposeScope();
        var torchActions = pid.Act(tensor(values, [40, 5, 2])).data<float>().ToArray();
        var action = new double[2];
        for (var i = 0; i < 40; i++)
        {
            pid.Act([.. values.AsSpan(i * 10, 10).ToArray().Select(v => (double)v)], action);
            Assert.Equal(action[0], torchActions[i * 2], 1e-5);
            Assert.Equal(action[1], torchActions[(i * 2) + 1], 1e-5);
        }

        // Hand-computed: e = 10 − x on tag 0 over [1, 2, 4]: P 0.5·6 + I 0.01·(9+8+6) + D 0.3·(6−8) = 3 + 0.23 − 0.6 → clipped to 1;
        // tag 1 over [−1, −1, −3]: e = −1, −1, 1: 0.1·1 + 0.02·(−1) − 0.2·(1+1) = −0.32.
        pid.Act([1, -1, 2, -1, 4, -3], action);
        Assert.Equal(1.0, action[0]);
        Assert.Equal(-0.32, action[1], 1e-12);

        // With only a proportional gain 1/scale the PID is the set-point controller.
        var setPoint = new SetPointGuide("setpoint", [0, 1], [10, -2], [2, 4]);
        var p = new PidGuide([0, 1], [10, -2], [0.5, 0.25], [0, 0], [0, 0]);
        var a1 = new double[2];
        var a2 = new double[2];
        for (var i = 0; i < 40; i++)
        {
            var h = values.AsSpan(i * 10, 10).ToArray().Select(v => (double)v).ToArray();
            setPoint.Act(h, a1);
            p.Act(h, a2);
            Assert.Equal(a1[0], a2[0], 1e-12);
            Assert.Equal(a1[1], a2[1], 1e-12);
        }
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(0.9, 1)]
    [InlineData(0.5, 30)]
    [InlineData(0.0, 1000)]
    public void Action_never_deviates_from_the_guide_by_more_than_phi_times_one_minus_beta(double beta, double weightScale)
    {
        var layout = Layout(4, out var data);
        const double Phi = 0.7;
        var guide = GuideController.Create(Mediocre, layout, data)!;
        using var policies = new PolicySet(layout, 3, [16, 16], 5, guide, Phi) { Beta = beta };
        using (no_grad())
        {
            // Extreme network weights saturate tanh(ξ) at ±1: the worst case of the bound.
            foreach (var p in policies.Network.Parameters)
            {
                p.mul_(weightScale);
            }
        }

        using var scope = NewDisposeScope();
        var windows = RandomWindows(layout, 3, 400, 3.0, 6);
        var action = policies.Act(windows);
        var g = policies.GuideAction(windows);
        var deviation = (action - g).abs().max().item<float>();
        var bound = Phi * (1 - beta);
        Assert.True(deviation <= bound + 1e-6, $"max |a − a_g| = {deviation} > Φ(1−β) = {bound}");
        Assert.True(action.abs().max().item<float>() <= 1f);
        if (beta == 1.0)
        {
            // β = 1: the policy is the guide exactly, whatever the network says.
            Assert.True(action.eq(g).all().item<bool>(), "with β = 1 the action must equal the guide's");
        }
        else if (weightScale >= 30)
        {
            // Saturated ξ uses (almost) all of the allowed deviation where the guide is not clipped at ±1.
            var inside = (g.abs() < 1 - bound).logical_and((action - g).abs() > 0.99 * bound);
            Assert.True(inside.any().item<bool>(), "saturated perturbations must reach the bound");
        }
    }

    [Fact]
    public void Beta_schedule_decays_by_the_factor_every_schedule_step_and_the_search_applies_it()
    {
        var config = Mediocre with { Phi = 0.5, BetaStart = 1, BetaDecay = 0.8, BetaEvery = 3 };
        Assert.Equal([1, 1, 1, 0.8, 0.8, 0.8, 0.64], Enumerable.Range(0, 7).Select(config.BetaAt).Select(b => Math.Round(b, 12)));
        Assert.Equal(0.5 * (1 - 0.64), config.BoundAt(6), 12);
        var bounds = Enumerable.Range(0, 100).Select(config.BoundAt).ToArray();
        Assert.True(bounds.Zip(bounds.Skip(1)).All(p => p.Second >= p.First), "the allowed deviation never shrinks");
        Assert.InRange(bounds[^1], 0.49, 0.5);

        var layout = Layout(3, out var data);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [16], 11);
        var guide = GuideController.Create(config, layout, data)!;
        using var policies = new PolicySet(layout, 2, [8], 9, guide, config.Phi);
        policies.StartAtGuide(0.02, 10);
        var safety = new SafetyModel(SafetyMode.Off, StateBounds.FromData(data, new SafetyConfig()), null);
        var search = new PolicySearchConfig { Policies = 2, Horizon = 5, StartWindows = 4, Steps = 7 };
        using var run = new PolicySearch(policies, ensemble, windows, safety, search, 12, config);
        Assert.Equal(1.0, policies.Beta);
        var seen = new List<double>();
        run.Run(7, 1.0, _ => seen.Add(policies.Beta));
        Assert.Equal(Enumerable.Range(0, 7).Select(config.BetaAt), seen);
        Assert.Equal(0.64, run.Beta, 12);
        Assert.Throws<ArgumentException>(() => new PolicySearch(policies, ensemble, windows, safety, search, 12));
    }

    [Fact]
    public void Guided_search_starts_as_the_guide_and_learns_a_bounded_perturbation()
    {
        var data = ToyPlant.Dataset(6, 100, 0.3, 5);
        var config = TrainerFixtures.Tiny() with { Guide = Mediocre with { BetaStart = 0.5, BetaDecay = 1 } };
        var layout = PlantLayout.Derive(data, config);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [32, 32], 11);
        TransitionEnsembleTraining.Train(ensemble, windows, new TransitionEnsembleConfig { Members = 2, StepsPerEpoch = 50, MaxEpochs = 3, BatchSize = 64 }, 3);
        var guide = GuideController.Create(config.Guide, layout, data)!;
        using var policies = new PolicySet(layout, 2, [16, 16], 9, guide, config.Guide.Phi);
        policies.StartAtGuide(0, 10);
        var safety = new SafetyModel(SafetyMode.Off, StateBounds.FromData(data, new SafetyConfig()), null);
        var search = new PolicySearchConfig { Policies = 2, Horizon = 15, StartWindows = 16, Steps = 25, LearningRate = 1e-2 };
        using var run = new PolicySearch(policies, ensemble, windows, safety, search, 12, config.Guide);

        using var scope = NewDisposeScope();
        var probe = windows.Windows(arange(0, windows.Count, 7)).reshape(1, -1, layout.WindowWidth).expand(2, -1, -1);
        Assert.True(policies.Act(probe).eq(policies.GuideAction(probe)).all().item<bool>(), "a zero output layer acts as the guide");
        var before = run.Evaluate().Returns.Average();
        run.Run(search.Steps, 1.0);
        var after = run.Evaluate().Returns.Average();
        Assert.True(after > before, $"model return {before} → {after}");
        var deviation = (policies.Act(probe) - policies.GuideAction(probe)).abs();
        Assert.True(deviation.max().item<float>() <= 0.25f + 1e-6f);
        Assert.True(deviation.max().item<float>() > 0.01f, "the policies learned to deviate from the guide");
    }

    [Fact]
    public void Tag_guide_is_a_set_point_controller_fitted_to_the_logged_actions()
    {
        // Toy log: controller towards (25, 25, 25), scales (1, 10, 5.75), 40 % uniform random actions.
        var data = ToyPlant.Dataset(6, 150, 0.4, 12);
        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 2 });
        var fitted = (SetPointGuide)GuideController.Create(new GuideConfig { Kind = GuideKind.Tag }, layout, data)!;
        Assert.Equal("tag", fitted.Kind);
        Assert.True(fitted.ReadsTag);
        double[] scales = [1, 10, 5.75];
        for (var j = 0; j < 3; j++)
        {
            Assert.InRange(fitted.Targets[j], 25 - (0.1 * scales[j]), 25 + (0.1 * scales[j]));
            Assert.InRange(fitted.Scales[j], 0.9 * scales[j], 1.1 * scales[j]);
        }

        // Unrelated (random) actions fit no controller: a clear error naming the action.
        var random = new Random(3);
        var flat = TrainingDataset.Create(PlantLayout.IbObservationTags, PlantLayout.IbActionTags,
            [.. data.Episodes.Select(e => e with { Actions = [.. e.Actions.Select(_ => new[] { (2 * random.NextDouble()) - 1, 0.0, 0.0 })] })]);
        var ex = Assert.Throws<InvalidDataException>(() => GuideController.Create(new GuideConfig { Kind = GuideKind.Tag }, layout, flat));
        Assert.Contains("delta_velocity", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guide_config_is_validated_and_parsed_naming_the_field()
    {
        var parsed = GuideConfig.Parse("setpoint:40,45,58");
        Assert.Equal(GuideKind.SetPoint, parsed.Kind);
        Assert.Equal([40.0, 45, 58], parsed.Targets!);
        Assert.Equal(GuideKind.Tag, GuideConfig.Parse("tag").Kind);
        Assert.Contains("'banana'", Assert.Throws<ArgumentException>(() => GuideConfig.Parse("banana:1")).Message, StringComparison.Ordinal);
        Assert.Contains("target 2", Assert.Throws<ArgumentException>(() => GuideConfig.Parse("setpoint:1,x,3")).Message, StringComparison.Ordinal);
        Assert.Equal("Guide.Phi", Assert.Throws<ArgumentException>(() => (Mediocre with { Phi = 0 }).Validate()).ParamName);
        Assert.Equal("Guide.BetaDecay", Assert.Throws<ArgumentException>(() => (Mediocre with { BetaDecay = 1.5 }).Validate()).ParamName);
        Assert.Equal("Guide.Targets", Assert.Throws<ArgumentException>(() => new GuideConfig { Kind = GuideKind.Pid }.Validate()).ParamName);
        Assert.Equal("Guide.Scales", Assert.Throws<ArgumentException>(() => (Mediocre with { Scales = [1, 2] }).Validate()).ParamName);

        var layout = Layout(2, out var data);
        var ex = Assert.Throws<ArgumentException>(() => GuideController.Create(Mediocre with { ObservationTags = ["velocity", "gain", "pressure"] }, layout, data));
        Assert.Contains("'pressure'", ex.Message, StringComparison.Ordinal);

        // The JSON config carries the guide and refuses unknown fields.
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, """{ "guide": { "kind": "setPoint", "targets": [25, 25, 25], "betaDecay": 0.8 } }""");
        var loaded = TrainerConfig.Load(path);
        Assert.Equal(GuideKind.SetPoint, loaded.Guide.Kind);
        Assert.Equal(0.8, loaded.Guide.BetaDecay);
        Assert.Equal(0.5, loaded.Guide.Phi);
    }

    public static TheoryData<string> ExportedKinds => ["setpoint", "pid", "tag"];

    [Theory]
    [MemberData(nameof(ExportedKinds))]
    public void Guided_export_reproduces_torchsharp_in_onnx_runtime_and_passes_the_checker(string kind)
    {
        var layout = Layout(5, out var data);
        var config = kind switch
        {
            "setpoint" => Mediocre,
            "pid" => Mediocre with { Kind = GuideKind.Pid, Kp = [0.8, 0.09, 0.15], Ki = [0.01, 0.002, 0.004], Kd = [0.5, 0.05, 0.1] },
            _ => new GuideConfig { Kind = GuideKind.Tag },
        };
        var guide = GuideController.Create(config, layout, data)!;
        using var policies = new PolicySet(layout, 2, [16, 16], 21, guide, 0.6) { Beta = 0.3 };
        var bounds = StateBounds.FromData(data, new SafetyConfig());
        var manifest = PolicyExporter.Export(policies, 1, new PolicyExportInfo("guided-k1", new string('b', 64), 180, 5, "bounds",
            new Dictionary<string, double>(), -40, bounds), _dir);

        Assert.Equal(kind, manifest.Guide!.Kind);
        Assert.Equal(PlantLayout.IbActionTags, manifest.Guide.Tags);
        Assert.All(manifest.Guide.DeviationBound, b => Assert.Equal((0.6 * 0.7) + PolicyExporter.BoundMargin, b, 9));
        Assert.Equal(kind != "tag", manifest.Guide.Law is not null);
        Assert.Equal(kind == "tag", manifest.GuideInput is not null);
        Assert.All(manifest.TestVectors, v => Assert.Equal(kind == "tag", v.Guide is { Count: 3 }));
        Assert.Equal(manifest, PolicyManifest.Load(Path.Combine(_dir, PolicyManifest.FileName)), new ManifestGuideComparer());

        // 1000 random windows (and guide actions): ONNX Runtime = TorchSharp within 1e-5.
        const int N = 1000;
        var inputs = PolicyExporter.TestInputs(layout, N, 99);
        var guides = kind == "tag" ? PolicyExporter.TestGuideInputs(layout, N, 98) : null;
        var expected = PolicyExporter.Reference(policies, 1, inputs, guides);
        using var session = new InferenceSession(Path.Combine(_dir, "policy.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [N, layout.HistoryLength, layout.ObservationWidth]);
        using var guideInput = guides is null ? null : OrtValue.CreateTensorValueFromMemory(guides, [N, 3]);
        using var results = guideInput is null
            ? session.Run(new RunOptions(), [manifest.Input.Name], [input], [manifest.Output.Name])
            : session.Run(new RunOptions(), [manifest.Input.Name, manifest.GuideInput!.Name], [input, guideInput], [manifest.Output.Name]);
        var actual = results[0].GetTensorDataAsSpan<float>().ToArray();
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= 1e-5, $"max |ORT − TorchSharp| = {worst}");
        Assert.True(actual.Max() - actual.Min() > 0.5, "the guided actions vary");

        // The exported actions stay within the bound of the guide's action (raw = normalised units on the IB).
        var guideActions = kind == "tag" ? guides! : GuideOf(policies, inputs);
        for (var i = 0; i < actual.Length; i++)
        {
            var g = Math.Clamp(guideActions[i], -1f, 1f);
            Assert.True(Math.Abs(actual[i] - g) <= (0.6 * 0.7) + 1e-5, $"action {actual[i]} vs guide {g}");
        }

        // The manifest's test vectors hold in ONNX Runtime too.
        foreach (var vector in manifest.TestVectors)
        {
            using var vIn = OrtValue.CreateTensorValueFromMemory(vector.Input.ToArray(), [1, layout.HistoryLength, layout.ObservationWidth]);
            using var vGuide = vector.Guide is null ? null : OrtValue.CreateTensorValueFromMemory(vector.Guide.ToArray(), [1, 3]);
            using var vOut = vGuide is null
                ? session.Run(new RunOptions(), [manifest.Input.Name], [vIn], [manifest.Output.Name])
                : session.Run(new RunOptions(), [manifest.Input.Name, manifest.GuideInput!.Name], [vIn, vGuide], [manifest.Output.Name]);
            var output = vOut[0].GetTensorDataAsSpan<float>().ToArray();
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(vector.Output[j], output[j], 1e-5f);
            }
        }

        // onnx.checker (full check, with shape inference) accepts the guided graph.
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(len(m.graph.input))", Path.Combine(_dir, "policy.onnx") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"onnx.checker refused the model: {stderr}");
        Assert.Equal(kind == "tag" ? "2" : "1", stdout.Trim());
    }

    private static float[] GuideOf(PolicySet policies, float[] rawWindows)
    {
        var layout = policies.Layout;
        var n = rawWindows.Length / layout.WindowWidth;
        using var scope = NewDisposeScope();
        var mean = tensor(layout.ObservationMean.Select(v => (float)v).ToArray()).repeat(layout.HistoryLength);
        var std = tensor(layout.ObservationStd.Select(v => (float)v).ToArray()).repeat(layout.HistoryLength);
        return policies.GuideAction((tensor(rawWindows, [n, layout.WindowWidth]) - mean) / std).data<float>().ToArray();
    }

    /// <summary>Compares what the guide adds to a manifest (records with lists compare by reference).</summary>
    private sealed class ManifestGuideComparer : IEqualityComparer<PolicyManifest>
    {
        public bool Equals(PolicyManifest? x, PolicyManifest? y) =>
            x?.Guide?.Kind == y?.Guide?.Kind
            && (x?.Guide?.DeviationBound ?? []).SequenceEqual(y?.Guide?.DeviationBound ?? [])
            && x?.GuideInput?.Name == y?.GuideInput?.Name
            && x?.TestVectors.Count == y?.TestVectors.Count;

        public int GetHashCode(PolicyManifest obj) => 0;
    }
}
