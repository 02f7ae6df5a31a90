using IndustrialSafeRL.IndustrialBenchmark.Evaluation;
using IndustrialSafeRL.IndustrialBenchmark.Policies;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

public sealed class TrajectorySpreadTests
{
    private static readonly double[] UnitScale = [1, 1, 1, 1, 1];
    private static readonly EvaluationOptions Short = new() { Episodes = 3, Steps = 40 };

    [Fact]
    public void Identical_policies_from_the_same_seeds_do_not_spread()
    {
        var spread = TrajectorySpread.Measure([BehaviourPolicies.Create("mediocre", 0, 1), BehaviourPolicies.Create("mediocre", 0, 1)], UnitScale, Short);
        Assert.Equal(0, spread.MinLsed, 12);
        Assert.Equal(0, spread.MeanLsed, 12);
    }

    [Fact]
    public void Different_controllers_spread_and_the_closest_pair_sets_the_minimum()
    {
        IIndustrialBenchmarkPolicy[] three = [BehaviourPolicies.Create("bad", 0, 1), BehaviourPolicies.Create("mediocre", 0, 1), BehaviourPolicies.Create("optimized", 0, 1)];
        var spread = TrajectorySpread.Measure(three, UnitScale, Short);
        Assert.True(spread.MinLsed > 10, $"min {spread.MinLsed}");
        Assert.True(spread.MeanLsed > spread.MinLsed);

        var halved = TrajectorySpread.Measure(three, [2, 2, 2, 2, 2], Short);
        Assert.Equal(spread.MinLsed / 2, halved.MinLsed, 9);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var one = BehaviourPolicies.Create("bad", 0, 1);
        Assert.Contains("at least two", Assert.Throws<ArgumentException>(() => TrajectorySpread.Measure([one], UnitScale, Short)).Message);
        Assert.Contains("scale", Assert.Throws<ArgumentException>(() => TrajectorySpread.Measure([one, one], [1, 1, 0, 1, 1], Short)).Message);
    }
}
