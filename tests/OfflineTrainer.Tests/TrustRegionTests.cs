using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.OfflineTrainer.TrustRegion;
using IndustrialSafeRL.Verification.Gate;
using Microsoft.Data.Sqlite;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>FixPO trust region: D, the multiplier, the fixup, and the whole two-iteration path through the
/// manifest to the deployment gate.</summary>
public sealed class TrustRegionTests : IDisposable
{
    private readonly string _dir = TrainerFixtures.TempDir();

    public TrustRegionTests() => TorchSetup.Ensure();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Divergence_is_the_squared_action_change_over_two_sigma_squared()
    {
        using var scope = NewDisposeScope();
        var current = tensor(new float[] { 0.5f, -0.2f, 1f, 1f }, [2, 2]);
        var old = tensor(new float[] { 0.1f, 0.1f, 1f, 0.9f }, [2, 2]);
        var d = PolicyDivergence.Compute(current, old, 0.2).data<float>().ToArray();

        // ((0.4)² + (−0.3)²)/(2·0.04) = 0.25/0.08; (0² + 0.1²)/0.08.
        Assert.Equal(3.125, d[0], 1e-5);
        Assert.Equal(0.125, d[1], 1e-5);
    }

    [Fact]
    public void Beta_rises_above_epsilon_over_c_beta_and_falls_to_zero_below()
    {
        // ε 0.5, C_β 2: the main phase aims at max D ≤ 0.25.
        var rising = new TrustRegionMultiplier(2, initial: 1, learningRate: 0.05, epsilon: 0.5, cBeta: 2);
        for (var i = 0; i < 20; i++)
        {
            var before = rising.Beta.ToArray();
            rising.Update([0.3, 2.0]); // both above 0.25, even the one inside ε
            Assert.True(rising.Beta[0] > before[0] && rising.Beta[1] > before[1]);
        }

        var falling = new TrustRegionMultiplier(1, initial: 0.5, learningRate: 0.05, epsilon: 0.5, cBeta: 2);
        for (var i = 0; i < 15; i++)
        {
            var before = falling.Beta[0];
            falling.Update([0.2]);
            Assert.True(falling.Beta[0] < before || before == 0);
        }

        Assert.Equal(0, falling.Beta[0]); // clamped, never negative
        falling.Update([0.0]);
        Assert.Equal(0, falling.Beta[0]);
        Assert.Equal(0.5 - (2 * 0.3), falling.Gradient(0.3), 12);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Fixup_brings_max_divergence_within_epsilon_on_every_logged_window(int seed)
    {
        var data = ToyPlant.Dataset(3, 60, 0.3, seed);
        var config = TrainerFixtures.Tiny();
        var layout = PlantLayout.Derive(data, config);
        using var windows = new WindowedData(data, layout);
        using var policies = new PolicySet(layout, 2, [16, 16], seed);
        using var divergence = PolicyDivergence.FromPolicies(windows, policies, null, 0.1);
        Assert.All(divergence.MaxOverAll(policies), d => Assert.Equal(0, d));

        Perturb(policies, 0.3, seed);
        var trust = new TrustRegionConfig { Epsilon = 0.2, FixupBatch = 64 };
        var broken = divergence.MaxOverAll(policies);
        Assert.True(broken.Max() > trust.Epsilon, $"the perturbation must break the region, max D {broken.Max()}");

        var result = TrustRegionFixup.Run(policies, divergence, trust, 1e-2, 10);
        Assert.True(result.Steps > 0);
        Assert.Equal(broken, result.MaxBefore);
        Assert.All(result.MaxAfter, d => Assert.True(d <= trust.Epsilon, $"max D {d} > ε"));

        // Independently of the fixup's own bookkeeping: every single logged window, by brute force.
        using var all = arange(windows.Count, dtype: ScalarType.Int64);
        using var noGrad = no_grad();
        using var d = divergence.On(policies, all);
        Assert.True(d.max().item<float>() <= trust.Epsilon);
    }

    [Fact]
    public void Fixup_fails_loudly_at_its_step_cap()
    {
        var data = ToyPlant.Dataset(2, 40, 0.3, 5);
        var layout = PlantLayout.Derive(data, TrainerFixtures.Tiny());
        using var windows = new WindowedData(data, layout);
        using var policies = new PolicySet(layout, 2, [16, 16], 5);
        using var divergence = PolicyDivergence.FromPolicies(windows, policies, 0, 0.1);
        Perturb(policies, 0.5, 5);
        var trust = new TrustRegionConfig { Epsilon = 0.01, MaxFixupSteps = 3, FixupBatch = 16 };
        var e = Assert.Throws<TrustRegionFixupException>(() => TrustRegionFixup.Run(policies, divergence, trust, 1e-4, 10));
        Assert.Contains("after 3 steps (TrustRegion.MaxFixupSteps)", e.Message, StringComparison.Ordinal);
        Assert.Contains("> ε 0.01", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predecessor_index_holds_every_policy_to_one_previous_policy()
    {
        var data = ToyPlant.Dataset(2, 40, 0.3, 6);
        var layout = PlantLayout.Derive(data, TrainerFixtures.Tiny());
        using var windows = new WindowedData(data, layout);
        using var policies = new PolicySet(layout, 2, [16, 16], 6);
        using var divergence = PolicyDivergence.FromPolicies(windows, policies, 1, 0.1);
        var max = divergence.MaxOverAll(policies);
        Assert.True(max[0] > 0); // policy 0 measured against policy 1, independent random networks
        Assert.Equal(0, max[1]);
    }

    [Theory]
    [InlineData("0.3", true, 0.3, 0.1)]
    [InlineData("0.2,0.05", true, 0.2, 0.05)]
    [InlineData("off", false, 0.5, 0.1)]
    public void Cli_spec_sets_epsilon_and_sigma(string spec, bool enabled, double epsilon, double sigma)
    {
        var config = new TrustRegionConfig().WithSpec(spec);
        Assert.Equal(enabled, config.Enabled);
        Assert.Equal(epsilon, config.Epsilon);
        Assert.Equal(sigma, config.Sigma);
    }

    [Theory]
    [InlineData("abc", "eps 'abc' is not a number")]
    [InlineData("0.1,x", "sigma 'x' is not a number")]
    [InlineData("-1", "Epsilon must be positive")]
    [InlineData("0.1,0.1,3", "expected eps[,sigma] or off")]
    public void Bad_cli_spec_names_the_part_at_fault(string spec, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrustRegionConfig().WithSpec(spec));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        Assert.Contains("CBeta", Assert.Throws<ArgumentException>(() => new TrustRegionConfig { CBeta = 0.5 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("FixupBatch", Assert.Throws<ArgumentException>(() => new TrustRegionConfig { FixupBatch = 0 }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("TrustRegion.Predecessor", Assert.Throws<ArgumentException>(() =>
            (TrainerFixtures.Tiny() with { TrustRegion = new TrustRegionConfig { Predecessor = 2 } }).Validate()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Second_iteration_stays_in_the_trust_region_the_manifest_records_it_and_the_gate_accepts_it(long seed)
    {
        var firstStore = WriteStore("first.sqlite", ToyPlant.Dataset(3, 50, 0.3, 21));
        var secondStore = WriteStore("second.sqlite", ToyPlant.Dataset(5, 50, 0.5, 22), shed: true);
        var firstDir = Path.Combine(_dir, "it1");
        var first = IterationTrainer.Run(firstStore, firstDir, TrainerFixtures.Tiny() with { Seed = seed });
        Assert.Null(first.TrustRegion); // no predecessor, no trust region
        Assert.Null(PolicyManifest.Load(Path.Combine(first.Policies[0].Directory, PolicyManifest.FileName)).TrustRegion);

        // A fast search with β starting at 0 and barely learning: the main phase alone leaves the region.
        var config = TrainerFixtures.Tiny() with
        {
            Seed = seed,
            Search = TrainerFixtures.Tiny().Search with { LearningRate = 1e-2 },
            TrustRegion = new TrustRegionConfig { Epsilon = 0.05, Sigma = 0.1, InitialBeta = 0, BetaLearningRate = 1e-3, Batch = 32, FixupBatch = 64 },
        };
        var second = IterationTrainer.Run(secondStore, Path.Combine(_dir, "it2"), config, previousRun: firstDir);
        var trust = second.TrustRegion!;
        Assert.Equal(config.Search.Steps, trust.MainSteps);
        Assert.Equal(config.Search.Steps, trust.History.Count);
        Assert.True(trust.Fixup.MaxBefore.Max() > 0.05, $"main phase should break ε, max D {trust.Fixup.MaxBefore.Max()}");
        Assert.True(trust.Fixup.Steps > 0);
        Assert.All(trust.Fixup.MaxAfter, d => Assert.True(d <= 0.05));
        Assert.Contains("## Trust region (FixPO)", File.ReadAllText(second.ReportPath), StringComparison.Ordinal);

        const int rows = 5 * 50; // every row of the second store, shed ones included: the gate measures them all
        for (var k = 0; k < second.Policies.Count; k++)
        {
            var manifest = PolicyManifest.Load(Path.Combine(second.Policies[k].Directory, PolicyManifest.FileName));
            var predecessor = first.Policies[k].Directory;
            Assert.Equal(PolicyManifest.Load(Path.Combine(predecessor, PolicyManifest.FileName)).PolicyId, manifest.TrustRegion!.PredecessorId);
            Assert.Equal(0.05, manifest.TrustRegion.Epsilon);
            Assert.Equal(0.1, manifest.TrustRegion.Sigma);
            Assert.Equal(trust.Fixup.MaxAfter[k], manifest.TrustRegion.MaxDivergence);

            // The gate re-measures D through ONNX Runtime on every row of the store against the previous package.
            var report = DeploymentGate.Run(second.Policies[k].Directory, new DeploymentGateOptions
            {
                AgainstPackage = predecessor,
                StorePath = secondStore,
                RecentStates = rows,
                EnvelopeSamples = 0,
                SkipBounds = true,
            });
            var check = report.Checks.Single(c => c.Name == "trust-region");
            Assert.True(check.Status == GateStatus.Passed, check.Summary);
            Assert.Equal(rows, report.TrustRegion!.States);
            Assert.Equal(manifest.TrustRegion.MaxDivergence, report.TrustRegion.MaxDivergence, 1e-3);
        }

        // Without the trust region the same search leaves it, and the gate sees that.
        var free = IterationTrainer.Run(secondStore, Path.Combine(_dir, "it2-free"), config with { TrustRegion = config.TrustRegion with { Enabled = false } }, previousRun: firstDir);
        Assert.Null(free.TrustRegion);
        var refused = Enumerable.Range(0, free.Policies.Count).Select(k => DeploymentGate.Run(free.Policies[k].Directory, new DeploymentGateOptions
        {
            AgainstPackage = first.Policies[k].Directory,
            StorePath = secondStore,
            RecentStates = rows,
            EnvelopeSamples = 0,
            SkipBounds = true,
            Epsilon = 0.05,
            Sigma = 0.1,
        })).ToList();
        Assert.Contains(refused, r => r.Checks.Single(c => c.Name == "trust-region").Status == GateStatus.Failed);
    }

    [Fact]
    public void Interrupted_second_iteration_resumes_with_the_same_multipliers_and_fixup()
    {
        var firstDir = Path.Combine(_dir, "it1");
        IterationTrainer.Run(ToyPlant.Dataset(3, 50, 0.3, 31), firstDir, TrainerFixtures.Tiny());
        var data = ToyPlant.Dataset(4, 50, 0.5, 32);
        var config = TrainerFixtures.Tiny() with
        {
            Search = TrainerFixtures.Tiny().Search with { LearningRate = 1e-2 },
            TrustRegion = new TrustRegionConfig { Epsilon = 0.05, InitialBeta = 0.5, BetaLearningRate = 0.05, Batch = 32, FixupBatch = 64 },
        };
        var straight = IterationTrainer.Run(data, Path.Combine(_dir, "straight"), config, previousRun: firstDir);

        var interruptedDir = Path.Combine(_dir, "interrupted");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => IterationTrainer.Run(data, interruptedDir, config, firstDir,
            p =>
            {
                if (p.Stage == "policies" && p.Done == 13)
                {
                    cancel.Cancel();
                }
            }, cancel.Token));
        var resumed = IterationTrainer.Run(data, interruptedDir, config, previousRun: firstDir);

        Assert.True(resumed.Resumed);
        var a = straight.TrustRegion!;
        var b = resumed.TrustRegion!;
        Assert.Equal(a.History.SelectMany(h => h.Beta), b.History.SelectMany(h => h.Beta));
        Assert.Equal(a.History.SelectMany(h => h.MaxDivergence), b.History.SelectMany(h => h.MaxDivergence));
        Assert.Contains(a.History, h => h.Beta.Any(beta => beta != 0.5)); // β did move
        Assert.Equal(a.Fixup.Steps, b.Fixup.Steps);
        Assert.Equal(a.Fixup.MaxAfter, b.Fixup.MaxAfter);
        for (var k = 0; k < config.Search.Policies; k++)
        {
            var x = PolicyManifest.Load(Path.Combine(straight.Policies[k].Directory, PolicyManifest.FileName));
            var y = PolicyManifest.Load(Path.Combine(resumed.Policies[k].Directory, PolicyManifest.FileName));
            Assert.Equal(x.TestVectors.SelectMany(v => v.Output), y.TestVectors.SelectMany(v => v.Output));
            Assert.Equal(x.TrustRegion, y.TrustRegion);
        }

        // Running the finished directory again repeats nothing: the recorded fixup is reused, not redone on fixed-up weights.
        var again = IterationTrainer.Run(data, interruptedDir, config, previousRun: firstDir);
        Assert.Equal(a.Fixup.Steps, again.TrustRegion!.Fixup.Steps);
    }

    private static void Perturb(PolicySet policies, double noise, int seed)
    {
        using var noGrad = no_grad();
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        foreach (var p in policies.Network.Parameters)
        {
            p.add_(randn(p.shape, generator: generator) * noise);
        }
    }

    // shed: steps [20, 28) of every episode are logged as shed (the plant's own controller acted): not learned from,
    // but states a deployed policy sees, so the trust region must hold on them too.
    private string WriteStore(string name, TrainingDataset data, bool shed = false)
    {
        var path = Path.Combine(_dir, name);
        using var store = TransitionStore.Create(path, StoreLayout.IndustrialBenchmark);
        var rows = new List<TransitionRecord>();
        for (var e = 0; e < data.Episodes.Count; e++)
        {
            var episode = data.Episodes[e];
            for (var t = 0; t < episode.Length; t++)
            {
                rows.Add(new TransitionRecord
                {
                    RunId = "toy",
                    PolicyId = "behaviour",
                    Episode = e,
                    Step = t,
                    Observation = episode.Frames[t],
                    NextObservation = episode.Frames[t + 1],
                    ProposedAction = episode.Actions[t],
                    AppliedAction = episode.Actions[t],
                    Reward = episode.Rewards[t],
                    RewardComponents = [episode.Frames[t + 1][4], episode.Frames[t + 1][5]],
                    Flags = (t == episode.Length - 1 ? TransitionFlags.EpisodeEnd : TransitionFlags.None)
                        | (shed && t is >= 20 and < 28 ? TransitionFlags.Shed : TransitionFlags.None),
                });
            }
        }

        store.Append(rows);
        return path;
    }
}
