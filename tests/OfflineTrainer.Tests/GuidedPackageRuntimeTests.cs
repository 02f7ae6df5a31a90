using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Export;
using IndustrialSafeRL.OfflineTrainer.Guide;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.History;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Shield;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>An exported guided package in the runtime: the ensemble recomputes the configured guide for the shield,
/// the policy stays within the manifest's bound, and the shield's guide-deviation unit clamps beyond it.</summary>
public sealed class GuidedPackageRuntimeTests : IDisposable
{
    private readonly string _dir = TrainerFixtures.TempDir();

    public GuidedPackageRuntimeTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(GuideKind.SetPoint)]
    [InlineData(GuideKind.Pid)]
    public void Runtime_recomputes_the_guide_and_the_shield_enforces_the_bound(GuideKind kind)
    {
        var data = ToyPlant.Dataset(3, 60, 0.4, 8);
        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = 4 });
        var config = new GuideConfig { Kind = kind, Targets = [25, 25, 25], Ki = kind == GuideKind.Pid ? [0.05, 0.01, 0.01] : null, Kd = kind == GuideKind.Pid ? [0.2, 0.02, 0.05] : null };
        var guide = GuideController.Create(config, layout, data)!;
        using (var policies = new PolicySet(layout, 1, [16, 16], 21, guide, 0.5) { Beta = 0.4 })
        {
            using (TorchSharp.torch.no_grad())
            {
                // Large weights: the perturbation saturates, the policy sits on its bound.
                foreach (var p in policies.Network.Parameters)
                {
                    p.mul_(20);
                }
            }

            PolicyExporter.Export(policies, 0, new PolicyExportInfo("guided-rt", new string('c', 64), 180, 5, "bounds",
                new Dictionary<string, double>(), -40, StateBounds.FromData(data, new SafetyConfig())), _dir);
        }

        var package = PolicyPackage.Load(_dir, PlantTagMapping.IndustrialBenchmark);
        var bound = package.Manifest.Guide!.DeviationBound;
        Assert.All(bound, b => Assert.Equal((0.5 * 0.6) + PolicyExporter.BoundMargin, b, 9));
        using var ensemble = new PolicyEnsemble([PolicySession.Open(package)], EnsembleRule.Champion);
        var history = new ObservationHistory(8, 6);
        var shield = new ActionShield(new ShieldOptions
        {
            Actuators = [.. PlantLayout.IbActionTags.Select(t => new ActuatorLimits { Tag = t, Min = -1, Max = 1, IsIncrement = true })],
            InterventionWindowCycles = 1000,
            MaxInterventionsInWindow = 1000,
        }, new PolicyEnvelope("guided-rt", [.. Enumerable.Repeat(double.NegativeInfinity, 6)], [.. Enumerable.Repeat(double.PositiveInfinity, 6)], bound));
        var result = shield.CreateResult();

        var random = new Random(5);
        var action = new double[3];
        var shielded = new double[3];
        var expectedGuide = new double[3];
        var tagHistory = new double[4 * 3];
        var atBound = 0;
        var worst = double.NegativeInfinity;
        for (var cycle = 0; cycle < 60; cycle++)
        {
            // The whole IB range of v, g, h: float32 un-normalisation errors grow with the magnitude.
            double[] frame = [70, random.NextDouble() * 100, random.NextDouble() * 100, random.NextDouble() * 100, 50, 150];
            history.Push(frame);
            ensemble.Infer(history, ReadOnlySpan<double>.Empty, action);
            if (cycle < 3)
            {
                continue;
            }

            // The runtime's guide is the trainer's controller on the same window (oldest frame first).
            for (var t = 0; t < 4; t++)
            {
                var f = history.Frame(3 - t);
                tagHistory[(t * 3) + 0] = f[1];
                tagHistory[(t * 3) + 1] = f[2];
                tagHistory[(t * 3) + 2] = f[3];
            }

            guide.Act(tagHistory, expectedGuide);
            var runtimeGuide = ensemble.Guide.ToArray();
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(expectedGuide[j], runtimeGuide[j], 12);
                Assert.True(Math.Abs(action[j] - runtimeGuide[j]) <= bound[j], $"cycle {cycle}: |{action[j]} − {runtimeGuide[j]}| > {bound[j]}");
                worst = Math.Max(worst, Math.Abs(action[j] - runtimeGuide[j]) - 0.3);
                if (Math.Abs(action[j] - runtimeGuide[j]) > 0.99 * 0.3)
                {
                    atBound++;
                }
            }

            // The policy's own action passes the guide unit.
            var verdict = shield.Decide(new ShieldInput(frame, action, [0, 0, 0]) { GuideAction = runtimeGuide }, shielded, result);
            Assert.DoesNotContain(result.Interventions.ToArray(), i => i.Unit == ShieldUnitKind.GuideDeviation);

            // An action beyond the bound is pulled back to it, with the reason.
            double[] wild = [.. runtimeGuide.Select((g, j) => j == 1 ? g - (2 * bound[j]) : g)];
            verdict = shield.Decide(new ShieldInput(frame, wild, [0, 0, 0]) { GuideAction = runtimeGuide }, shielded, result);
            if (runtimeGuide[1] - bound[1] >= -1)
            {
                Assert.Equal(ShieldVerdict.Modified, verdict);
                Assert.Contains(result.Interventions.ToArray(), i => i is { Unit: ShieldUnitKind.GuideDeviation, Code: ShieldReasonCode.BelowGuideBound, ActionIndex: 1 });
                Assert.Equal(runtimeGuide[1] - bound[1], shielded[1], 9);
            }
        }

        Assert.True(atBound > 10, $"the saturated policy reached its bound only {atBound} times");

        // Beyond Φ(1−β) only by float32 rounding, well inside the manifest's margin.
        Assert.True(worst < PolicyExporter.BoundMargin / 4, $"the action exceeded Φ(1−β) by {worst}");
    }
}
