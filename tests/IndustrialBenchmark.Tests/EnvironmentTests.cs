using IndustrialSafeRL.IndustrialBenchmark.Dynamics;
using IndustrialSafeRL.IndustrialBenchmark.Environment;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

public sealed class EnvironmentTests
{
    [Fact]
    public void Reset_with_a_golden_seed_gives_the_golden_initial_observation_and_repeats_it_in_the_history()
    {
        var golden = GoldenCase.Get("sp070_random").Read();
        var environment = new IndustrialBenchmarkEnvironment();
        var observation = environment.Reset(1070, 70);

        Assert.Equal(golden.Value(0, "f"), observation.Fatigue, 1e-9);
        Assert.Equal(golden.Value(0, "c"), observation.Consumption, 1e-9);
        Assert.Equal(30 * 6, environment.History.Values.Length);
        for (var k = 0; k < 30; k++)
        {
            Assert.Equal(observation.ToArray(), environment.History.Frame(k).ToArray());
        }
    }

    [Fact]
    public void Steps_follow_the_golden_trajectory_and_the_history_is_newest_first()
    {
        var golden = GoldenCase.Get("sp050_random").Read();
        var environment = new IndustrialBenchmarkEnvironment(new IndustrialBenchmarkEnvironmentOptions { HistoryLength = 4 });
        environment.Reset(1050, 50);
        for (var row = 1; row <= 5; row++)
        {
            var step = environment.Step([golden.Value(row, "a_v"), golden.Value(row, "a_g"), golden.Value(row, "a_h")]);
            Assert.Equal(golden.Value(row, "reward"), step.Reward, 1e-9);
            Assert.Equal(golden.Value(row, "f"), step.Fatigue, 1e-9);
            Assert.Equal(golden.Value(row, "c"), step.Consumption, 1e-9);
            Assert.Equal(-((3 * step.Fatigue) + step.Consumption), step.Reward, 1e-9);
        }

        // Newest first: frame k holds the observation of step 5 − k.
        for (var k = 0; k < 4; k++)
        {
            var row = 5 - k;
            var frame = environment.History.Frame(k);
            Assert.Equal(golden.Value(row, "v"), frame[1], 1e-9);
            Assert.Equal(golden.Value(row, "h"), frame[3], 1e-9);
            Assert.Equal(golden.Value(row, "c"), frame[5], 1e-9);
        }

        Assert.Equal(5, environment.StepCount);
    }

    [Fact]
    public void Out_of_range_actions_are_clipped_like_the_reference()
    {
        var clipped = IndustrialBenchmarkSimulator.FromSeed(50, 3);
        var huge = IndustrialBenchmarkSimulator.FromSeed(50, 3);
        clipped.Step(1.0, -1.0, 1.0);
        huge.Step(7.0, double.NegativeInfinity, 1e9);
        Assert.Equal(clipped.Velocity, huge.Velocity);
        Assert.Equal(clipped.Gain, huge.Gain);
        Assert.Equal(clipped.Shift, huge.Shift);
        Assert.Equal(clipped.Reward, huge.Reward);
        Assert.Equal(51.0, huge.Velocity);
        Assert.Equal(40.0, huge.Gain);
    }

    [Theory]
    [InlineData(0, "delta_velocity")]
    [InlineData(1, "delta_gain")]
    [InlineData(2, "delta_shift")]
    public void A_NaN_action_is_refused_naming_its_index(int index, string name)
    {
        var environment = new IndustrialBenchmarkEnvironment();
        var action = new double[3];
        action[index] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => environment.Step(action));
        Assert.Contains($"action[{index}]", error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_shapes_and_setpoints_are_refused()
    {
        var environment = new IndustrialBenchmarkEnvironment();
        Assert.Throws<ArgumentException>(() => environment.Step([0.0, 0.0]));
        Assert.Equal("setpoint", Assert.Throws<ArgumentOutOfRangeException>(() => environment.Reset(1, 101)).ParamName);
        Assert.Equal("setpoint", Assert.Throws<ArgumentOutOfRangeException>(() => environment.Reset(1, double.NaN)).ParamName);
        Assert.Equal("HistoryLength", Assert.Throws<ArgumentOutOfRangeException>(
            () => new IndustrialBenchmarkEnvironment(new IndustrialBenchmarkEnvironmentOptions { HistoryLength = 0 })).ParamName);
    }

    [Fact]
    public void A_batch_steps_each_instance_like_a_single_environment()
    {
        var batch = new IndustrialBenchmarkBatch(3);
        var observations = new double[18];
        var rewards = new double[3];
        batch.Reset(100, 70, observations);
        var singles = Enumerable.Range(0, 3).Select(i =>
        {
            var e = new IndustrialBenchmarkEnvironment();
            e.Reset((uint)(100 + i), 70);
            return e;
        }).ToArray();

        var actions = new double[] { 0.5, -0.2, 1.0, -1.0, 0.3, 0.0, 0.1, 0.1, -0.7 };
        for (var t = 0; t < 50; t++)
        {
            batch.Step(actions, observations, rewards);
            for (var i = 0; i < 3; i++)
            {
                var step = singles[i].Step(actions.AsSpan(i * 3, 3));
                Assert.Equal(step.Reward, rewards[i]);
                Assert.Equal(step.Observation.ToArray(), observations.AsSpan(i * 6, 6).ToArray());
            }
        }

        Assert.NotEqual(rewards[0], rewards[1]);
        actions[4] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => batch.Step(actions, observations, rewards));
        Assert.Contains("instance 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("action[1]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => batch.Step(new double[6], observations, rewards));
    }

    [Fact]
    public void Stepping_allocates_nothing()
    {
        var environment = new IndustrialBenchmarkEnvironment();
        var batch = new IndustrialBenchmarkBatch(8);
        var observations = new double[48];
        var rewards = new double[8];
        var actions = new double[24];
        environment.Reset(9, 70);
        batch.Reset(9, 70, observations);
        double[] action = [0.3, -0.4, 0.9];

        // Warm up (JIT, tiering) before measuring.
        for (var t = 0; t < 2000; t++)
        {
            environment.Step(action);
            batch.Step(actions, observations, rewards);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 0; t < 20000; t++)
        {
            action[0] = -action[0];
            environment.Step(action);
            batch.Step(actions, observations, rewards);
        }

        environment.Reset(10, 30);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
