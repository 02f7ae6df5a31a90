using IndustrialSafeRL.IndustrialBenchmark.Evaluation;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

public sealed class PolicyAndEvaluationTests
{
    [Fact]
    public void Set_point_controller_steers_towards_its_targets_with_clipped_steps()
    {
        var policy = BehaviourPolicies.Create("optimized", 0.0, 1);
        var history = new double[12];
        double[] frame = [70, 50, 50, 50, 10, 100];
        frame.CopyTo(history, 0);
        var action = new double[3];
        policy.Act(history, action);
        // (40 − 50)/1 → −1, (45 − 50)/10 = −0.5, (58 − 50)/5.75 ≈ 1.39 → 1.
        Assert.Equal([-1.0, -0.5, 1.0], action);

        frame[1] = 40.5;
        frame[3] = 57.0;
        frame.CopyTo(history, 0);
        policy.Act(history, action);
        Assert.Equal(-0.5, action[0], 15);
        Assert.Equal(1.0 / 5.75, action[2], 15);
        Assert.Equal("optimized-0", policy.Name);
    }

    [Fact]
    public void Epsilon_mixes_in_uniform_random_actions_at_the_given_rate()
    {
        var policy = BehaviourPolicies.Create("bad", 0.2, 5);
        var history = new double[6];
        var action = new double[3];
        var random = 0;
        const int Trials = 20000;
        for (var i = 0; i < Trials; i++)
        {
            policy.Act(history, action);
            Assert.All(action, a => Assert.InRange(a, -1.0, 1.0));
            if (action[0] != 1.0 || action[1] != 1.0 || action[2] != 1.0)
            {
                random++;
            }
        }

        // A random action is (1, 1, 1) with probability 0: the rate must be close to 0.2 (±5 standard errors).
        Assert.InRange(random / (double)Trials, 0.2 - 0.015, 0.2 + 0.015);
        Assert.Equal("bad-0.2", policy.Name);
    }

    [Fact]
    public void Unknown_names_and_bad_epsilon_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => BehaviourPolicies.Create("great", 0, 1));
        Assert.Contains("great", error.Message, StringComparison.Ordinal);
        Assert.Contains("mediocre", error.Message, StringComparison.Ordinal);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => BehaviourPolicies.Create("bad", 1.5, 1)).ParamName);
        Assert.False(BehaviourPolicies.IsName("great"));
        Assert.True(BehaviourPolicies.IsName("random"));
    }

    [Fact]
    public void Evaluation_ranks_the_behaviour_controllers_like_the_reference()
    {
        // 20 episodes keep the test fast; the reference protocol (100 episodes) is run by `isrl evaluate`.
        var options = new EvaluationOptions { Episodes = 20 };
        var bad = PolicyEvaluation.Evaluate(BehaviourPolicies.Create("bad", 0, 1), options);
        var mediocre = PolicyEvaluation.Evaluate(BehaviourPolicies.Create("mediocre", 0, 1), options);
        var optimized = PolicyEvaluation.Evaluate(BehaviourPolicies.Create("optimized", 0, 1), options);

        // The reference simulator gives about −327, −78 and −62 under this protocol.
        Assert.InRange(bad.Mean, -327 * 1.02, -327 * 0.98);
        Assert.InRange(mediocre.Mean, -78 * 1.02, -78 * 0.98);
        Assert.InRange(optimized.Mean, -62 * 1.02, -62 * 0.98);
        Assert.Equal(20, bad.Returns.Count);
        Assert.True(bad.StandardError > 0);
    }

    [Fact]
    public void Evaluation_is_reproducible_and_refuses_bad_options()
    {
        var options = new EvaluationOptions { Episodes = 3, Steps = 10, Seed = 42 };
        var first = PolicyEvaluation.Evaluate(BehaviourPolicies.Create("random", 0, new NumpyLegacyRandom(3)), options);
        var second = PolicyEvaluation.Evaluate(BehaviourPolicies.Create("random", 0, new NumpyLegacyRandom(3)), options);
        Assert.Equal(first.Returns, second.Returns);
        Assert.Equal("Episodes", Assert.Throws<ArgumentOutOfRangeException>(
            () => PolicyEvaluation.Evaluate(BehaviourPolicies.Create("bad", 0, 1), new EvaluationOptions { Episodes = 1 })).ParamName);
        Assert.Equal("Discount", Assert.Throws<ArgumentOutOfRangeException>(
            () => PolicyEvaluation.Evaluate(BehaviourPolicies.Create("bad", 0, 1), new EvaluationOptions { Discount = 0 })).ParamName);
    }

    [Fact]
    public void A_policy_returning_NaN_is_named_in_the_error()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => PolicyEvaluation.Evaluate(new NaNPolicy(), new EvaluationOptions { Episodes = 2, Steps = 3 }));
        Assert.Contains("action[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("nan-policy", error.Message, StringComparison.Ordinal);
    }

    private sealed class NaNPolicy : IIndustrialBenchmarkPolicy
    {
        public string Name => "nan-policy";

        public void Reset()
        {
        }

        public void Act(ReadOnlySpan<double> history, Span<double> action)
        {
            action[0] = 0;
            action[1] = double.NaN;
            action[2] = 0;
        }
    }
}
