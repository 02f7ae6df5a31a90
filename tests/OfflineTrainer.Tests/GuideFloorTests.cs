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

/// <summary>The guide floor: no exported guided policy is rated below its guide by the model it was trained in.</summary>
public sealed class GuideFloorTests : IDisposable
{
    private static readonly GuideConfig Mediocre = new() { Kind = GuideKind.SetPoint, Targets = [25, 25, 25], Phi = 1 };
    private readonly string _dir = TrainerFixtures.TempDir();

    public GuideFloorTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Pull_moves_each_policy_towards_its_guide_by_its_own_factor()
    {
        var data = ToyPlant.Dataset(3, 60, 0.4, 8);
        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 4 });
        var guide = GuideController.Create(Mediocre, layout, data)!;
        using var policies = new PolicySet(layout, 3, [16, 16], 5, guide, 1) { Beta = 0.2 };
        using (no_grad())
        {
            foreach (var p in policies.Network.Parameters)
            {
                p.mul_(20);
            }
        }

        using var scope = NewDisposeScope();
        var windows = randn([3, 200, layout.WindowWidth], generator: new Generator(4)) * 2;
        var free = policies.Act(windows);
        Assert.False(policies.Shrunk);
        policies.Shrink[0] = 0.5;
        policies.Shrink[2] = 0;
        Assert.True(policies.Shrunk);
        var pulled = policies.Act(windows);
        var g = policies.GuideAction(windows);
        Assert.True((pulled[0] - (g[0] + ((free[0] - g[0]) * 0.5))).abs().max().item<float>() < 1e-6, "policy 0 moves half way to its guide");
        Assert.True(pulled[1].eq(free[1]).all().item<bool>(), "policy 1 (pull 1) is unchanged");
        Assert.True(pulled[2].eq(g[2]).all().item<bool>(), "policy 2 (pull 0) is the guide exactly");
    }

    [Fact]
    public void Floor_pulls_the_policies_the_model_rates_below_the_guide_and_only_those()
    {
        var data = ToyPlant.Dataset(6, 100, 0.3, 5);
        var config = TrainerFixtures.Tiny() with { Guide = Mediocre with { BetaStart = 0, BetaDecay = 1 } };
        var layout = PlantLayout.Derive(data, config);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, 2, [32, 32], 11);
        TransitionEnsembleTraining.Train(ensemble, windows, new TransitionEnsembleConfig { Members = 2, StepsPerEpoch = 50, MaxEpochs = 3, BatchSize = 64 }, 3);
        var guide = GuideController.Create(config.Guide, layout, data)!;
        using var policies = new PolicySet(layout, 3, [16, 16], 9, guide, config.Guide.Phi);
        policies.StartAtGuide(0, 10);
        using (no_grad())
        {
            // Policy 0 drives every actuator down to 0, away from the guide's set-points and this plant's optimum;
            // policy 1 has random saturated perturbations; policy 2 is the guide itself.
            var last = policies.Network.Layers - 1;
            policies.Network.Bias(last)[0].fill_(-10);
            foreach (var p in policies.Network.Parameters.Take(policies.Network.Layers - 1))
            {
                p.mul_(5);
            }

            policies.Network.Weight(last)[1].copy_(randn(policies.Network.Weight(last)[1].shape, generator: new Generator(3)) * 5);
        }

        var safety = new SafetyModel(SafetyMode.Off, StateBounds.FromData(data, new SafetyConfig()), null);
        var search = new PolicySearchConfig { Policies = 3, Horizon = 20, StartWindows = 16, Steps = 1 };
        using var run = new PolicySearch(policies, ensemble, windows, safety, search, 12, config.Guide);
        using var starts = run.EpisodeStartWindows();

        var floor = GuideFloor.Apply(run, starts, tolerance: 0);
        Assert.Equal(floor.Shrink, policies.Shrink);
        Assert.True(floor.ReturnsBefore[0] < floor.GuideReturn, $"the downward policy is rated below the guide: {floor.ReturnsBefore[0]} vs {floor.GuideReturn}");
        Assert.True(floor.Shrink[0] < 1, "the policy rated below the guide is pulled");
        Assert.Equal(floor.GuideReturn, floor.ReturnsBefore[2], 5);
        Assert.Equal(1.0, floor.Shrink[2]);
        for (var k = 0; k < 3; k++)
        {
            // Pulled exactly when rated below the guide, and to a candidate.
            Assert.Equal(floor.ReturnsBefore[k] < floor.GuideReturn, floor.Shrink[k] < 1);
            Assert.Contains(floor.Shrink[k], GuideFloor.Candidates);
        }

        // The invariant: as exported, no policy is rated below its guide on the same starts.
        var after = run.Evaluate(starts).Returns;
        Assert.All(after, r => Assert.True(r >= floor.GuideReturn - 1e-6, $"{r} < guide {floor.GuideReturn}"));

        // A tolerance just wider than policy 0's gap leaves it alone; the threshold is the guide's return less the tolerance.
        var gap = (floor.GuideReturn - floor.ReturnsBefore[0]) / Math.Abs(floor.GuideReturn);
        Assert.InRange(gap, 1e-3, 0.9);
        var tolerant = GuideFloor.Apply(run, starts, tolerance: gap + 1e-3);
        Assert.Equal(1.0, tolerant.Shrink[0]);
        Assert.Equal(floor.GuideReturn - ((gap + 1e-3) * Math.Abs(floor.GuideReturn)), tolerant.Threshold, 9);
        Assert.All(run.Evaluate(starts).Returns, r => Assert.True(r >= tolerant.Threshold - 1e-6, $"{r} < threshold {tolerant.Threshold}"));
    }

    [Fact]
    public void A_pulled_policy_exports_the_pull_in_its_graph_and_its_bound()
    {
        var data = ToyPlant.Dataset(3, 60, 0.4, 8);
        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 5 });
        var guide = GuideController.Create(Mediocre, layout, data)!;
        using var policies = new PolicySet(layout, 2, [16, 16], 21, guide, 0.6) { Beta = 0.3 };
        using (no_grad())
        {
            foreach (var p in policies.Network.Parameters)
            {
                p.mul_(5);
            }
        }

        policies.Shrink[1] = 0.25;
        var manifest = PolicyExporter.Export(policies, 1, new PolicyExportInfo("pulled-k1", new string('e', 64), 180, 5, "bounds",
            new Dictionary<string, double>(), -40, StateBounds.FromData(data, new SafetyConfig())), _dir);
        Assert.All(manifest.Guide!.DeviationBound, b => Assert.Equal((0.25 * 0.6 * 0.7) + PolicyExporter.BoundMargin, b, 9));

        const int N = 1000;
        var inputs = PolicyExporter.TestInputs(layout, N, 99);
        var expected = PolicyExporter.Reference(policies, 1, inputs);
        using var session = new InferenceSession(Path.Combine(_dir, "policy.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [N, layout.HistoryLength, layout.ObservationWidth]);
        using var results = session.Run(new RunOptions(), [manifest.Input.Name], [input], [manifest.Output.Name]);
        var actual = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.True(expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second)) <= 1e-5, "ONNX Runtime = TorchSharp with the pull");

        // The deviation from the guide is at most the pulled bound, and the pull is used (saturated perturbation).
        using var scope = NewDisposeScope();
        var mean = tensor(layout.ObservationMean.Select(v => (float)v).ToArray()).repeat(layout.HistoryLength);
        var std = tensor(layout.ObservationStd.Select(v => (float)v).ToArray()).repeat(layout.HistoryLength);
        var g = policies.GuideAction((tensor(inputs, [N, layout.WindowWidth]) - mean) / std).data<float>().ToArray();
        var deviation = actual.Zip(g).Max(p => Math.Abs(p.First - p.Second));
        Assert.InRange(deviation, 0.9 * 0.25 * 0.42, (0.25 * 0.42) + 1e-5);
    }

    [Fact]
    public void Guided_iterations_record_their_pulls_and_the_next_warm_start_acts_as_the_exported_policy()
    {
        var data = ToyPlant.Dataset(6, 80, 0.3, 5);
        var config = TrainerFixtures.Tiny() with { Guide = Mediocre with { BetaStart = 0.3, BetaDecay = 1 } };
        var it1 = Path.Combine(_dir, "it1");
        var first = IterationTrainer.Run(data, it1, config);
        Assert.NotNull(first.GuideFloor);
        for (var k = 0; k < first.Policies.Count; k++)
        {
            var manifest = PolicyManifest.Load(Path.Combine(first.Policies[k].Directory, PolicyManifest.FileName));
            Assert.Equal(first.GuideFloor.Shrink[k], manifest.Training.Hyperparameters["guide.shrink"]);
            Assert.Equal(first.GuideFloor.GuideReturn, manifest.Training.Hyperparameters["guide.floor.guideModelReturn"], 9);
            Assert.True(first.Policies[k].ModelEstimatedReturn >= first.GuideFloor.Threshold - 1e-6, "no exported policy is rated below the guide by more than the tolerance");
        }

        Assert.Contains("guide floor: the guide's model-estimated return", File.ReadAllText(first.ReportPath), StringComparison.Ordinal);

        // Say policy 0 was exported as the guide itself (pull 0) and policy 1 unpulled: the next iteration's trust
        // region holds each policy to its predecessor as exported, so policy 0 (trained unpulled from its warm start)
        // starts far from its predecessor, policy 1 right at it.
        for (var k = 0; k < 2; k++)
        {
            var path = Path.Combine(first.Policies[k].Directory, PolicyManifest.FileName);
            var m = PolicyManifest.Load(path);
            var said = m with { Training = m.Training with { Hyperparameters = new Dictionary<string, double>(m.Training.Hyperparameters) { ["guide.shrink"] = k } } };
            said.Save(path);
        }

        var second = IterationTrainer.Run(data, Path.Combine(_dir, "it2"), config, previousRun: it1);
        Assert.NotNull(second.TrustRegion);
        var start = second.TrustRegion.History[0].MaxDivergence;
        Assert.True(start[0] > 1e-3 && start[0] > 10 * start[1], $"D at the first step: k0 {start[0]}, k1 {start[1]}");
        Assert.True(second.TrustRegion.Fixup.MaxAfter.All(d => d <= config.TrustRegion.Epsilon), "the fixup holds both to their predecessors as exported");

        // Floor off: every pull stays 1.
        var off = IterationTrainer.Run(data, Path.Combine(_dir, "off"), config with { Guide = config.Guide with { Floor = false } });
        Assert.Null(off.GuideFloor);
        Assert.All(off.Policies, p => Assert.Equal(1.0, PolicyManifest.Load(Path.Combine(p.Directory, PolicyManifest.FileName)).Training.Hyperparameters["guide.shrink"]));
    }
}
