using IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

public sealed class TwoDimensionalTaskTests
{
    [Fact]
    public void Episodes_start_in_the_start_region_and_end_after_30_steps()
    {
        var environment = new TwoDimensionalEnvironment();
        for (uint seed = 0; seed < 50; seed++)
        {
            var (x, y) = environment.Reset(seed);
            Assert.InRange(x, 6, 9);
            Assert.InRange(y, 1, 4);
        }

        var steps = 0;
        while (!environment.Done)
        {
            environment.Step([5.0, -5.0]);
            steps++;
        }

        Assert.Equal(30, steps);
        Assert.Equal(10.0, environment.X);
        Assert.Equal(0.0, environment.Y);
        Assert.Throws<InvalidOperationException>(() => environment.Step([0.0, 0.0]));
    }

    [Fact]
    public void Reward_is_a_Gaussian_around_the_goal()
    {
        var environment = new TwoDimensionalEnvironment();
        Assert.Equal(1.0, environment.RewardAt(3, 6));
        Assert.Equal(Math.Exp(-1.0 / 2.0), environment.RewardAt(3 + 1.5, 6), 15);
        Assert.Equal(Math.Exp(-(4.0 + 9.0) / 4.5), environment.RewardAt(5, 3), 15);
    }

    [Fact]
    public void The_history_is_newest_first_and_NaN_is_named()
    {
        var environment = new TwoDimensionalEnvironment(new TwoDimensionalTaskOptions { HistoryLength = 3 });
        var (x, y) = environment.Reset(4);
        Assert.Equal(new[] { x, y, x, y, x, y }, environment.History.Values.ToArray());
        var step = environment.Step([-0.5, 0.25]);
        Assert.Equal(new[] { step.X, step.Y, x, y, x, y }, environment.History.Values.ToArray());
        Assert.Equal(x - 0.5, step.X, 15);
        var error = Assert.Throws<ArgumentException>(() => environment.Step([0.0, double.NaN]));
        Assert.Contains("action[1] (dy)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_behaviour_beats_standing_still_and_datasets_chain()
    {
        var behaviour = TwoDimensionalTask.Evaluate(TwoDimensionalTask.Behaviour(new TwoDimensionalTaskOptions(), 0.5, 1), 50, 0);
        var still = TwoDimensionalTask.Evaluate(new StandStill(), 50, 0);
        Assert.True(behaviour.Mean > still.Mean + 5, $"behaviour {behaviour.Mean}, still {still.Mean}");

        var episodes = TwoDimensionalTask.Episodes(3, 9, 0.5, "run", DateTimeOffset.UnixEpoch).ToList();
        Assert.Equal(3, episodes.Count);
        foreach (var rows in episodes)
        {
            Assert.Equal(30, rows.Count);
            for (var t = 1; t < rows.Count; t++)
            {
                Assert.Equal(rows[t - 1].NextObservation, rows[t].Observation);
            }

            Assert.Equal(Contracts.Transitions.TransitionFlags.EpisodeEnd, rows[^1].Flags);
        }
    }

    private sealed class StandStill : ITwoDimensionalPolicy
    {
        public string Name => "still";

        public void Reset()
        {
        }

        public void Act(ReadOnlySpan<double> history, Span<double> action) => action.Clear();
    }
}
