using System.Diagnostics;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Export;
using IndustrialSafeRL.OfflineTrainer.Guide;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Verification.Gate;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>The guide's confidence λ(s): a box on the newest frame where the policy perturbs the guide, a free
/// policy outside it, in training, in the exported graph and in the deployment gate.</summary>
public sealed class GuideConfidenceTests : IDisposable
{
    private static readonly GuideConfig Mediocre = new() { Kind = GuideKind.SetPoint, Targets = [25, 25, 25] };

    // Velocity (IB tag 1) trusted in [40, 60], λ falling to 0 at 30 and 70.
    private static readonly GuideConfidenceConfig VelocityBox = new() { Tags = ["velocity"], Low = [40], High = [60], Ramp = [10] };
    private readonly string _dir = TrainerFixtures.TempDir();

    public GuideConfidenceTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static PlantLayout Layout(out TrainingDataset data)
    {
        data = ToyPlant.Dataset(3, 60, 0.4, 8);
        return PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 4 });
    }

    /// <summary>The shield's λ (the runtime's one evaluation in doubles) for the box's tags as observations 0…n−1.</summary>
    private static double ShieldLambda(GuideConfidenceConfig box, params double[] values) =>
        new GuideConfidenceBox([.. Enumerable.Range(0, box.Tags.Length)], box.Low, box.High, box.Ramps, [2]).Lambda(values);

    [Fact]
    public void Lambda_is_one_inside_the_box_zero_beyond_the_ramp_and_linear_between()
    {
        Assert.Equal(1, ShieldLambda(VelocityBox, 50));
        Assert.Equal(1, ShieldLambda(VelocityBox, 40));
        Assert.Equal(0.5, ShieldLambda(VelocityBox, 35), 12);
        Assert.Equal(0.25, ShieldLambda(VelocityBox, 67.5), 12);
        Assert.Equal(0, ShieldLambda(VelocityBox, 80));
        var two = new GuideConfidenceConfig { Tags = ["velocity", "gain"], Low = [40, 0], High = [60, 50] };
        Assert.Equal([2.0, 5.0], two.Ramps);
        Assert.Equal(1 - 0.5 - 0.2, ShieldLambda(two, 39, 51), 12);
    }

    [Fact]
    public void Confidence_box_is_validated_and_parsed_naming_the_field()
    {
        var parsed = GuideConfidenceConfig.Parse("velocity:40:60:10, gain:0:50");
        Assert.Equal(["velocity", "gain"], parsed.Tags);
        Assert.Equal([10.0, 5.0], parsed.Ramps);
        Assert.Equal([0.1 * 60, 0.1 * 50], GuideConfidenceConfig.Parse("velocity:0:60,gain:0:50").Ramps);
        Assert.Contains("tag:low:high", Assert.Throws<ArgumentException>(() => GuideConfidenceConfig.Parse("velocity:40")).Message, StringComparison.Ordinal);
        Assert.Contains("high 'x'", Assert.Throws<ArgumentException>(() => GuideConfidenceConfig.Parse("velocity:40:x")).Message, StringComparison.Ordinal);
        Assert.Contains("Guide.Confidence.Low[0]", Assert.Throws<ArgumentException>(() => GuideConfidenceConfig.Parse("velocity:60:40")).Message, StringComparison.Ordinal);
        Assert.Contains("Guide.Confidence.Ramp[0]", Assert.Throws<ArgumentException>(() => GuideConfidenceConfig.Parse("velocity:50:50")).Message, StringComparison.Ordinal);
        Assert.Contains("Guide.Confidence.High", Assert.Throws<ArgumentException>(() => (VelocityBox with { High = [60, 70] }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("Guide.Confidence.Ramp[0]", Assert.Throws<ArgumentException>(() => (Mediocre with { Confidence = VelocityBox with { Ramp = [-1] } }).Validate()).Message, StringComparison.Ordinal);

        var layout = Layout(out var data);
        var guide = GuideController.Create(Mediocre, layout, data)!;
        var unknown = Assert.Throws<ArgumentException>(() => new PolicySet(layout, 1, [8], 1, guide, 0.5, VelocityBox with { Tags = ["speed"] }));
        Assert.Contains("'speed'", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PolicySet(layout, 1, [8], 1, null, 0.5, VelocityBox));
    }

    [Fact]
    public void Policy_perturbs_the_guide_inside_the_box_and_acts_freely_outside()
    {
        var layout = Layout(out var data);
        var guide = GuideController.Create(Mediocre, layout, data)!;
        const double Phi = 0.6;
        using var policies = new PolicySet(layout, 2, [16, 16], 5, guide, Phi, VelocityBox) { Beta = 0.5 };
        using (no_grad())
        {
            // Saturated ξ: the free policy sits at ±1, far from the guide; the guided one on its bound.
            foreach (var p in policies.Network.Parameters)
            {
                p.mul_(200);
            }
        }

        using var scope = NewDisposeScope();
        var windows = randn([2, 600, layout.WindowWidth], generator: new Generator(7)) * 2.5;
        var action = policies.Act(windows);
        var g = policies.GuideAction(windows);
        var free = policies.Network.Forward(cat([windows, g], -1)).tanh();
        var lambda = policies.Lambda(windows)!;

        // λ in torch = the shield's λ in doubles on the un-normalised newest velocity.
        var velocityColumn = ((layout.HistoryLength - 1) * layout.ObservationWidth) + 1;
        var velocity = (windows.select(-1, velocityColumn) * layout.ObservationStd[1]) + layout.ObservationMean[1];
        var v = velocity.flatten().data<float>().ToArray();
        var l = lambda.flatten().data<float>().ToArray();
        for (var i = 0; i < v.Length; i++)
        {
            Assert.Equal(ShieldLambda(VelocityBox, v[i]), l[i], 4);
        }

        Assert.Contains(l, x => x == 1);
        Assert.Contains(l, x => x == 0);
        Assert.Contains(l, x => x is > 0.05f and < 0.95f);

        // The action is the λ-mix, and the bound holds exactly where λ = 1.
        var bound = Phi * 0.5;
        var expected = ((lambda * (g + (free * bound))) + ((1 - lambda) * free)).clamp(-1, 1);
        Assert.True((action - expected).abs().max().item<float>() < 1e-5, "action = clip(λ(a_g + Φ(1−β)t) + (1 − λ)t, −1, 1)");
        var deviation = (action - g).abs().amax(-1);
        var inside = lambda.squeeze(-1).eq(1);
        var outside = lambda.squeeze(-1).eq(0);
        Assert.True(deviation.masked_select(inside).max().item<float>() <= bound + 1e-6, "inside the box the guide bound holds");
        Assert.True((action - free.clamp(-1, 1)).abs().amax(-1).masked_select(outside).max().item<float>() < 1e-6, "outside the ramp the action is the free policy's");
        Assert.True(deviation.masked_select(outside).max().item<float>() > 2 * bound, "outside the box the free policy leaves the guide's bound");
    }

    [Fact]
    public void Confident_export_reproduces_torchsharp_in_onnx_runtime_the_checker_accepts_it_and_the_gate_proves_its_limits()
    {
        var layout = Layout(out var data);
        var guide = GuideController.Create(Mediocre, layout, data)!;
        using var policies = new PolicySet(layout, 2, [16, 16], 21, guide, 0.6, VelocityBox) { Beta = 0.3 };
        using (no_grad())
        {
            foreach (var p in policies.Network.Parameters)
            {
                p.mul_(5);
            }
        }

        var bounds = StateBounds.FromData(data, new SafetyConfig());
        var manifest = PolicyExporter.Export(policies, 1, new PolicyExportInfo("confident-k1", new string('d', 64), 180, 5, "bounds",
            new Dictionary<string, double>(), -40, bounds), _dir);
        var box = manifest.Guide!.Confidence!;
        Assert.Equal(["velocity"], box.Tags);
        Assert.Equal([40.0], box.Low);
        Assert.Equal([60.0], box.High);
        Assert.Equal([10.0], box.Ramp);
        var reloaded = PolicyManifest.Load(Path.Combine(_dir, PolicyManifest.FileName));
        Assert.Equal(box.Ramp, reloaded.Guide!.Confidence!.Ramp);

        // 1000 random windows spread across the box, the ramp and beyond: ONNX Runtime = TorchSharp within 1e-5.
        const int N = 1000;
        var inputs = PolicyExporter.TestInputs(layout, N, 99);
        var random = new Random(3);
        for (var i = 0; i < N; i++)
        {
            inputs[(i * layout.WindowWidth) + ((layout.HistoryLength - 1) * layout.ObservationWidth) + 1] = (float)(20 + (60 * random.NextDouble()));
        }

        var expected = PolicyExporter.Reference(policies, 1, inputs);
        using (var session = new InferenceSession(Path.Combine(_dir, "policy.onnx")))
        using (var input = OrtValue.CreateTensorValueFromMemory(inputs, [N, layout.HistoryLength, layout.ObservationWidth]))
        using (var results = session.Run(new RunOptions(), [manifest.Input.Name], [input], [manifest.Output.Name]))
        {
            var actual = results[0].GetTensorDataAsSpan<float>().ToArray();
            var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(worst <= 1e-5, $"max |ORT − TorchSharp| = {worst}");
        }

        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", Path.Combine(_dir, "policy.onnx") },
            RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"onnx.checker refused the model: {stderr}");
        }

        // The gate's interval interpreter runs through the λ nodes and proves the clipped action inside the limits.
        var report = DeploymentGate.Run(_dir, new DeploymentGateOptions { EnvelopeSamples = 0 });
        Assert.True(report.Passed, string.Join("; ", report.Reasons));
        Assert.Equal(1.0, report.Bounds!.ProvedFraction, 9);
    }
}
