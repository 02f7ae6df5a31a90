using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.IndustrialBenchmark.Datasets;
using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

public sealed class DatasetTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isrl-ib-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Generated_rows_chain_observations_and_match_a_replayed_episode()
    {
        var options = new DatasetOptions { Policy = "mediocre", Epsilon = 0.2, Episodes = 3, Steps = 50, Seed = 11, BatchSize = 2 };
        var episodes = DatasetGenerator.Episodes(options).ToList();
        Assert.Equal(3, episodes.Count);

        for (var e = 0; e < 3; e++)
        {
            var rows = episodes[e];
            Assert.Equal(50, rows.Count);

            // Re-run episode e by hand: environment seed S + e, behaviour seed S + e + 2³¹.
            var environment = new IndustrialBenchmarkEnvironment();
            environment.Reset(11u + (uint)e, 70);
            var policy = BehaviourPolicies.Create("mediocre", 0.2, new NumpyLegacyRandom(DatasetGenerator.PolicySeed(11, e)));
            var action = new double[3];
            for (var t = 0; t < rows.Count; t++)
            {
                var row = rows[t];
                Assert.Equal(environment.Observation.ToArray(), row.Observation);
                policy.Act(environment.History.Values, action);
                Assert.Equal(action, row.AppliedAction);
                Assert.Equal(action, row.ProposedAction);
                var step = environment.Step(action);
                Assert.Equal(step.Reward, row.Reward);
                Assert.Equal(-((3 * row.RewardComponents[0]) + row.RewardComponents[1]), row.Reward, 1e-9);
                Assert.Equal(step.Observation.ToArray(), row.NextObservation);
                Assert.Equal((long)e, row.Episode);
                Assert.Equal((long)t, row.Step);
                Assert.Equal("mediocre-0.2", row.PolicyId);
                Assert.Equal("offline", row.Mode);
                Assert.Equal(t == 49 ? TransitionFlags.EpisodeEnd : TransitionFlags.None, row.Flags);
                if (t > 0)
                {
                    Assert.Equal(rows[t - 1].NextObservation, row.Observation);
                }
            }
        }
    }

    [Fact]
    public void Generate_writes_a_store_and_statistics_read_it_back()
    {
        var path = Path.Combine(_folder, "store.sqlite");
        var options = new DatasetOptions { Policy = "bad", Epsilon = 0.0, Episodes = 4, Steps = 30, Seed = 5 };
        long rows;
        var finished = new List<int>();
        using (var store = TransitionStore.Create(path, DatasetGenerator.Layout, StoreDurability.Normal))
        {
            rows = DatasetGenerator.Generate(store, options, new SynchronousProgress(finished.Add));
        }

        Assert.Equal(120, rows);
        Assert.Equal([1, 2, 3, 4], finished);
        using var reopened = TransitionStore.Open(path, readOnly: true);
        Assert.Equal(120, reopened.Count());
        Assert.Equal(30, reopened.Count(new TransitionQuery(Episode: 2)));
        var stats = DatasetStatistics.Compute(reopened.Read(), reopened.Layout, DatasetStatistics.GridFor(reopened.Layout, []));
        Assert.Equal(120, stats.Transitions);
        Assert.Equal(4, stats.Episodes);
        Assert.Equal(["bad-0"], stats.Policies);
        var expectedMean = reopened.Read().Sum(r => r.Reward) / 4;
        Assert.Equal(expectedMean, stats.MeanReturn, 1e-9);
        Assert.True(stats.ReturnStandardDeviation > 0);

        // The bad controller drives v, g, h up by 1, 10, 5.75 per step: few cells, all with the same (1, 1, 1) action bin after the start.
        Assert.InRange(stats.UniqueStateCells, 2, 60);
        Assert.True(stats.UniqueStateActionCells >= stats.UniqueStateCells);
    }

    [Fact]
    public void Random_behaviour_covers_more_cells_than_a_deterministic_controller()
    {
        var grid = CoverageGrid.IndustrialBenchmark;
        var layout = DatasetGenerator.Layout;
        var random = DatasetStatistics.Compute(
            DatasetGenerator.Episodes(new DatasetOptions { Policy = "random", Episodes = 2, Steps = 300 }).SelectMany(e => e), layout, grid);
        var mediocre = DatasetStatistics.Compute(
            DatasetGenerator.Episodes(new DatasetOptions { Policy = "mediocre", Episodes = 2, Steps = 300 }).SelectMany(e => e), layout, grid);
        Assert.True(random.UniqueStateActionCells > 3 * mediocre.UniqueStateActionCells,
            $"random {random.UniqueStateActionCells} vs mediocre {mediocre.UniqueStateActionCells}");
    }

    [Fact]
    public void Coverage_cells_follow_the_grid()
    {
        var grid = CoverageGrid.IndustrialBenchmark;
        Assert.Equal(10_000, grid.StateCells);
        Assert.Equal(1_250_000, grid.StateActionCells);
        Assert.Equal(grid.Cell([70, 0, 0, 0, 5, 9], []), grid.Cell([79.9, 9.9, 0, 0, 500, -3], []));
        Assert.NotEqual(grid.Cell([70, 0, 0, 0, 5, 9], []), grid.Cell([80, 0, 0, 0, 5, 9], []));
        Assert.Equal(grid.Cell([100, 100, 100, 100, 0, 0], [1, 1, 1]), grid.Cell([99, 99, 99, 99, 0, 0], [0.7, 0.7, 0.7]));
        Assert.Equal(grid.StateActionCells - 1, grid.Cell([100, 100, 100, 100, 0, 0], [1, 1, 1]));
    }

    [Fact]
    public void Bad_options_are_refused_by_name()
    {
        Assert.Contains("unknown behaviour policy 'great'",
            Assert.Throws<ArgumentException>(() => DatasetGenerator.Episodes(new DatasetOptions { Policy = "great" })).Message, StringComparison.Ordinal);
        Assert.Equal("Epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => DatasetGenerator.Episodes(new DatasetOptions { Epsilon = -0.1 })).ParamName);
        Assert.Equal("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => DatasetGenerator.Episodes(new DatasetOptions { Steps = 0 })).ParamName);
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
