using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Retrain;
using Microsoft.Data.Sqlite;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>ε-retrain: the area set's merge and eviction rules, the ε schedule, the start sampler, the CLI form and the
/// wiring into a training run.</summary>
public sealed class RetrainTests : IDisposable
{
    private readonly string _dir = TrainerFixtures.TempDir();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static RetrainArea Box(double x, double y, double omega = 1, RetrainSource source = RetrainSource.Logged) =>
        RetrainArea.Around([x, y], omega, source);

    [Fact]
    public void Overlap_is_intersection_over_the_smaller_volume()
    {
        // [-1,1]² against [-0.5,1.5]×[-1,1]: intersection 1.5·2 = 3, smaller box 4.
        Assert.Equal(0.75, Box(0, 0).Overlap(Box(0.5, 0)), 12);
        // A small box inside a big one overlaps fully.
        Assert.Equal(1.0, Box(0, 0, 3).Overlap(Box(1, 1, 0.5)), 12);
        Assert.Equal(0.0, Box(0, 0).Overlap(Box(2.5, 0)), 12);
    }

    [Fact]
    public void A_box_overlapping_by_at_least_beta_merges_into_the_hull_and_below_beta_stays_separate()
    {
        var merging = new RetrainAreaSet(beta: 0.75, capacity: 8);
        merging.Add(Box(0, 0));
        merging.Add(Box(0.5, 0)); // overlap exactly 0.75
        var hull = Assert.Single(merging.Areas);
        Assert.Equal([-1.0, -1], hull.Low);
        Assert.Equal([1.5, 1], hull.High);
        Assert.Equal(0, hull.Sequence);
        Assert.True(merging.Contains([1.4, 0.9]));
        Assert.False(merging.Contains([1.6, 0]));

        var separate = new RetrainAreaSet(beta: 0.76, capacity: 8);
        separate.Add(Box(0, 0));
        separate.Add(Box(0.5, 0));
        Assert.Equal(2, separate.Count);
        Assert.Equal([-1.0, -1], separate.Areas[0].Low);
        Assert.Equal([-0.5, -1], separate.Areas[1].Low);
    }

    [Fact]
    public void A_new_box_merges_into_the_stored_box_it_overlaps_most()
    {
        var set = new RetrainAreaSet(beta: 0.5, capacity: 8);
        set.Add(Box(0, 0));
        set.Add(Box(3, 0));
        Assert.Equal(1, set.Add(Box(2.2, 0))); // overlap 0.1 with the first, 0.6 with the second
        Assert.Equal([-1.0, -1], set.Areas[0].Low);
        Assert.Equal([1.2, -1], set.Areas[1].Low, new ToleranceComparer(1e-12));
        Assert.Equal([4.0, 1], set.Areas[1].High);
    }

    [Fact]
    public void Beyond_n_areas_the_oldest_is_evicted_but_never_an_explicit_one()
    {
        var set = new RetrainAreaSet(beta: 0.5, capacity: 3);
        set.Add(Box(-10, 0, source: RetrainSource.Explicit));
        for (var i = 0; i < 4; i++)
        {
            set.Add(Box(i * 5, 0));
        }

        Assert.Equal(3, set.Count);
        Assert.Equal(RetrainSource.Explicit, set.Areas[0].Source);
        Assert.Equal([10.0, 15], set.Areas.Skip(1).Select(a => a.Centre[0]));
        Assert.False(set.Contains([0, 0]));
        Assert.False(set.Contains([5, 0]));

        var plain = new RetrainAreaSet(beta: 0.5, capacity: 2);
        plain.Add(Box(0, 0));
        plain.Add(Box(5, 0));
        plain.Add(Box(10, 0));
        Assert.Equal([5.0, 10], plain.Areas.Select(a => a.Centre[0]));
        Assert.Equal([1L, 2], plain.Areas.Select(a => a.Sequence));
    }

    [Fact]
    public void Epsilon_decays_linearly_from_eps0_to_epsmin_over_the_steps()
    {
        var schedule = new EpsilonSchedule(0.5, 0.1, 101);
        Assert.Equal(0.5, schedule.At(0), 12);
        Assert.Equal(0.3, schedule.At(50), 12);
        Assert.Equal(0.1, schedule.At(100), 12);
        Assert.Equal(0.1, schedule.At(500), 12);
        Assert.Equal(0.5 - (0.4 * 25 / 100), schedule.At(25), 12);
        Assert.Equal(0.0, schedule.At(-1));
    }

    /// <summary>N logged windows with newest frames uniform in [-3, 3]², bounds [-2, 2]².</summary>
    private static RetrainStartSampler Sampler(RetrainConfig config, int windows = 2000, int steps = 100)
    {
        var random = new Random(5);
        var frames = new float[windows * 2];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = (float)((random.NextDouble() * 6) - 3);
        }

        return new RetrainStartSampler(frames, windows, [-2, -2], [2, 2], config, steps);
    }

    [Fact]
    public void Area_starts_come_at_rate_epsilon_and_lie_inside_their_box()
    {
        var sampler = Sampler(new RetrainConfig { Enabled = true, Eps0 = 0.3, EpsMin = 0.1, Omega = 0.4, FromRollouts = false });
        sampler.AddLogged([[2.5, 0.0], [-2.5, 2.5], [50, 50]]); // the last holds no logged window and is skipped
        Assert.Equal(3, sampler.Areas.Count);
        Assert.Equal(2, sampler.UsableAreas);

        const int n = 10_000;
        var index = new long[n];
        var areaOf = new int[n];
        sampler.Sample(index, new Random(11), step: 0, areaOf);
        var fromAreas = areaOf.Count(a => a >= 0);
        var sigma = Math.Sqrt(n * 0.3 * 0.7);
        Assert.InRange(fromAreas, (n * 0.3) - (4 * sigma), (n * 0.3) + (4 * sigma));
        Assert.Equal(n, sampler.Drawn);
        Assert.Equal(fromAreas, sampler.FromAreas);
        var used = new HashSet<int>();
        for (var i = 0; i < n; i++)
        {
            if (areaOf[i] >= 0)
            {
                used.Add(areaOf[i]);
                Assert.True(sampler.Areas.Areas[areaOf[i]].Contains(sampler.NewestFrame(index[i])), $"draw {i} lies outside area {areaOf[i]}");
            }
        }

        Assert.Equal([0, 1], used.Order());

        // At the last step ε = ε_min.
        sampler.Sample(index, new Random(12), step: 99, areaOf);
        fromAreas = areaOf.Count(a => a >= 0);
        sigma = Math.Sqrt(n * 0.1 * 0.9);
        Assert.InRange(fromAreas, (n * 0.1) - (4 * sigma), (n * 0.1) + (4 * sigma));
    }

    [Fact]
    public void Sampling_repeats_for_the_same_seed_and_is_uniform_without_usable_areas_or_for_evaluation()
    {
        var config = new RetrainConfig { Enabled = true, Eps0 = 0.9, EpsMin = 0.9, Omega = 0.3 };
        var sampler = Sampler(config);
        sampler.AddLogged([[2.5, 2.5]]);
        var a = new long[500];
        var b = new long[500];
        sampler.Sample(a, new Random(3), 7);
        sampler.Sample(b, new Random(3), 7);
        Assert.Equal(a, b);

        var uniform = new long[500];
        var areaOf = new int[500];
        sampler.Sample(uniform, new Random(3), -1, areaOf);
        Assert.All(areaOf, x => Assert.Equal(-1, x));
        var plain = new Random(3);
        Assert.Equal(Enumerable.Range(0, 500).Select(_ => (long)plain.Next(2000)), uniform);

        var empty = Sampler(config);
        empty.AddLogged([[40, 40]]);
        empty.Sample(uniform, new Random(3), 0, areaOf);
        Assert.All(areaOf, x => Assert.Equal(-1, x));
        Assert.Empty(empty.SampleFromAreas(10, new Random(1)));
    }

    [Fact]
    public void Logged_states_outside_the_bounds_become_areas()
    {
        var sampler = Sampler(new RetrainConfig { Enabled = true, Omega = 0.5, Beta = 0.3, MaxAreas = 1000 });
        sampler.AddOutOfBoundsLogged();
        Assert.True(sampler.Areas.Count > 0);
        Assert.All(sampler.Areas.Areas, area => Assert.Equal(RetrainSource.Logged, area.Source));
        // Every logged frame outside [-2, 2]² lies in some area; an inside frame far from the edge lies in none.
        for (var n = 0; n < sampler.Windows; n++)
        {
            var f = sampler.NewestFrame(n);
            double[] state = [f[0], f[1]];
            if (Math.Abs(f[0]) > 2 || Math.Abs(f[1]) > 2)
            {
                Assert.True(sampler.Areas.Contains(state));
            }
        }

        Assert.False(sampler.Areas.Contains([0.0, 0.0]));
    }

    [Fact]
    public void Rollout_states_leaving_the_bounds_become_areas_at_refresh_steps_only()
    {
        TorchSetup.Ensure();
        var sampler = Sampler(new RetrainConfig { Enabled = true, Omega = 0.25, RefreshEvery = 10, FromLog = false });
        // K = 1, B = 2, H = 3, D = 2: rollout 0 first leaves at t = 1 at (2.5, 0); rollout 1 stays inside.
        float[] values = [0, 0, 2.5f, 0, 2.9f, 1, /**/ 0, 0, 1, 1, -1, 1];
        using var states = tensor(values, [1, 2, 3, 2]);
        sampler.ObserveRollout(states, 5);
        Assert.Equal(0, sampler.Areas.Count);
        sampler.ObserveRollout(states, 10);
        var area = Assert.Single(sampler.Areas.Areas);
        Assert.Equal(RetrainSource.Rollout, area.Source);
        Assert.Equal([2.25, -0.25], area.Low, new ToleranceComparer(1e-6));
        Assert.Equal([2.75, 0.25], area.High, new ToleranceComparer(1e-6));
    }

    [Fact]
    public void A_refresh_where_no_rollout_left_the_bounds_adds_nothing()
    {
        TorchSetup.Ensure();
        var sampler = Sampler(new RetrainConfig { Enabled = true, Omega = 0.25, RefreshEvery = 10, FromLog = false });
        float[] values = [0, 0, 1, 0, 1.5f, 1, /**/ 0, 0, 1, 1, -1, 1];
        using var states = tensor(values, [1, 2, 3, 2]);
        sampler.ObserveRollout(states, 10);
        Assert.Equal(0, sampler.Areas.Count);
    }

    [Fact]
    public void Explicit_states_are_placed_in_normalised_units_and_unknown_tags_are_named()
    {
        var data = ToyPlant.Dataset(2, 40, 0.3, 4);
        var layout = PlantLayout.Derive(data, TrainerFixtures.Tiny());
        var frames = new float[3 * 6];
        var sampler = new RetrainStartSampler(frames, 3, new float[6], new float[6],
            new RetrainConfig { Enabled = true, Omega = 0.5, States = [new() { ["velocity"] = 60 }] }, 10);
        sampler.AddExplicit(layout);
        var area = Assert.Single(sampler.Areas.Areas);
        var v = (60 - layout.ObservationMean[1]) / layout.ObservationStd[1];
        Assert.Equal(v - 0.5, area.Low[1], 9);
        Assert.Equal(v + 0.5, area.High[1], 9);
        Assert.Equal(-0.5, area.Low[0], 9); // a tag left out spans the logged range ± ω
        Assert.Equal(RetrainSource.Explicit, area.Source);

        var bad = new RetrainStartSampler(frames, 3, new float[6], new float[6],
            new RetrainConfig { Enabled = true, States = [new() { ["speed"] = 1 }] }, 10);
        var error = Assert.Throws<ArgumentException>(() => bad.AddExplicit(layout));
        Assert.Contains("Retrain.States[0]: tag 'speed'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5,0.05,0.5,0.5", "5 comma-separated values")]
    [InlineData("x,0.05,0.5,0.5,64", "eps0")]
    [InlineData("0.5,0.05,abc,0.5,64", "omega")]
    [InlineData("0.5,0.05,-1,0.5,64", "omega")]
    [InlineData("0.5,0.6,0.5,0.5,64", "epsmin")]
    [InlineData("1.5,0.05,0.5,0.5,64", "eps0")]
    [InlineData("0.5,0.05,0.5,0,64", "beta")]
    [InlineData("0.5,0.05,0.5,0.5,0", "N")]
    [InlineData("0.5,0.05,0.5,0.5,6.5", "N")]
    public void The_cli_form_refuses_bad_values_naming_the_field(string text, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => RetrainConfig.Parse(text));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        if (field != "5 comma-separated values")
        {
            Assert.StartsWith($"--retrain {field}:", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_cli_form_enables_retrain_and_keeps_the_other_settings()
    {
        var parsed = RetrainConfig.Parse(" 0.4, 0.02,0.3,0.8,16", new RetrainConfig { RefreshEvery = 7 });
        Assert.Equal(new RetrainConfig { Enabled = true, Eps0 = 0.4, EpsMin = 0.02, Omega = 0.3, Beta = 0.8, MaxAreas = 16, RefreshEvery = 7, States = parsed.States }, parsed);
        Assert.False(new TrainerConfig().Retrain.Enabled);
    }

    [Fact]
    public void A_json_config_sets_retrain_and_refuses_bad_fields_by_name()
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, """{ "retrain": { "enabled": true, "omega": 0.3, "refreshEvery": 5, "states": [ { "fatigue": 80 } ] } }""");
        var retrain = TrainerConfig.Load(path).Retrain;
        Assert.True(retrain.Enabled);
        Assert.Equal(0.3, retrain.Omega);
        Assert.Equal(5, retrain.RefreshEvery);
        Assert.Equal(80, retrain.States[0]["fatigue"]);

        File.WriteAllText(path, """{ "retrain": { "beta": 1.5 } }""");
        Assert.Contains("Beta", Assert.Throws<ArgumentException>(() => TrainerConfig.Load(path)).Message, StringComparison.Ordinal);
        File.WriteAllText(path, """{ "retrain": { "radius": 1 } }""");
        Assert.Contains("radius", Assert.Throws<InvalidDataException>(() => TrainerConfig.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loader_takes_violation_states_from_shed_out_of_support_and_intervened_rows()
    {
        var path = Path.Combine(_dir, "violations.sqlite");
        TransitionRecord Row(long step, string mode, TransitionFlags flags = TransitionFlags.None, bool intervened = false) => new()
        {
            RunId = "host", PolicyId = "p", Step = step,
            Observation = [70, step, 50, 50, 1, 2], NextObservation = [70, step + 1, 50, 50, 1, 2],
            ProposedAction = [0.5, 0, 0], AppliedAction = [0, 0, 0], Reward = -1, RewardComponents = [1, 2],
            Mode = mode, Flags = flags, Interventions = intervened ? [new Intervention("bounds", "velocity high")] : [],
        };
        using (var store = TransitionStore.Create(path, StoreLayout.IndustrialBenchmark))
        {
            store.Append([
                Row(0, "auto"), Row(1, "auto", TransitionFlags.Shed), Row(2, "auto"), Row(3, "auto", intervened: true),
                Row(4, "shadow", intervened: true), Row(5, "auto", TransitionFlags.OutOfSupport), Row(6, "auto", TransitionFlags.StaleInput),
            ]);
        }

        var data = TransitionStoreLoader.Load(path);
        Assert.Equal([1.0, 3, 4, 5], data.ViolationStates.Select(s => s[1]));
    }

    [Fact]
    public void A_run_with_retrain_draws_starts_from_areas_reports_them_and_resumes_exactly()
    {
        TorchSetup.Ensure();
        var data = ToyPlant.Dataset(6, 80, 0.3, 9);
        var tiny = TrainerFixtures.Tiny();
        var config = tiny with { Retrain = new RetrainConfig { Enabled = true, Eps0 = 0.8, EpsMin = 0.2, Omega = 0.5, RefreshEvery = 5 } };
        var straight = IterationTrainer.Run(data, Path.Combine(_dir, "straight"), config);
        var summary = Assert.IsType<RetrainSummary>(straight.Retrain);
        Assert.True(summary.Areas > 0 && summary.UsableAreas > 0);
        Assert.Equal(tiny.Search.Steps * 8L, summary.Drawn); // B = 8 starts per step
        Assert.InRange(summary.FromAreasFraction, 0.2, 0.8);
        Assert.NotNull(straight.Violations);
        var report = File.ReadAllText(straight.ReportPath);
        Assert.Contains("ε-retrain on", report, StringComparison.Ordinal);
        Assert.Contains("training starts", report, StringComparison.Ordinal);

        var interruptedDir = Path.Combine(_dir, "interrupted");
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => IterationTrainer.Run(data, interruptedDir, config,
            progress: p =>
            {
                if (p.Stage == "policies" && p.Done == 13)
                {
                    cancel.Cancel();
                }
            }, cancellation: cancel.Token));
        var resumed = IterationTrainer.Run(data, interruptedDir, config);
        Assert.True(resumed.Resumed);
        Assert.Equal(straight.Search.Select(s => s.Loss), resumed.Search.Select(s => s.Loss));
        Assert.Equal(summary.FromAreas, resumed.Retrain!.FromAreas);
        Assert.Equal(summary.Areas, resumed.Retrain.Areas);
        Assert.Equal(straight.Violations, resumed.Violations);

        // The same seed without retrain trains from other starts.
        var off = IterationTrainer.Run(data, Path.Combine(_dir, "off"), tiny);
        Assert.Null(off.Retrain);
        Assert.NotEqual(straight.Search.Select(s => s.Loss), off.Search.Select(s => s.Loss));
        Assert.Contains("ε-retrain off", File.ReadAllText(off.ReportPath), StringComparison.Ordinal);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
