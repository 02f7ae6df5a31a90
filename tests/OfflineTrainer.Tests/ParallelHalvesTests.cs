using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>The policy-search step rolled out in two halves on two threads computes the single-threaded step's loss
/// terms and gradient, and repeats itself exactly.</summary>
public sealed class ParallelHalvesTests
{
    public ParallelHalvesTests() => TorchSetup.Ensure();

    [Theory]
    [InlineData(16)]
    [InlineData(4)] // two windows per member: each half rolls out one
    public void Two_halves_on_two_threads_give_the_whole_steps_terms_and_gradient_and_repeat_exactly(int startWindows)
    {
        using var toy = new ToySearchSetup(32);
        var (layout, windows, ensemble, safety) = (toy.Layout, toy.Windows, toy.Ensemble, toy.Safety);
        var search = new PolicySearchConfig { Policies = 3, Horizon = 12, StartWindows = startWindows, Steps = 4, LearningRate = 1e-2 };
        var threads = get_num_threads();
        set_num_threads(2);
        try
        {
            (PolicySearchStep[] Steps, double[] Norms, float[][] Weights, bool Parallel) Train(bool parallel)
            {
                using var policies = new PolicySet(layout, 3, [16, 16], 9);
                using var run = new PolicySearch(policies, ensemble, windows, safety, search with { ParallelHalves = parallel }, 12);
                var steps = new List<PolicySearchStep>();
                var norms = new List<double>();
                for (var i = 0; i < search.Steps; i++)
                {
                    steps.Add(run.TrainStep(1.0));
                    norms.Add(run.LastGradientNorm);
                }

                return ([.. steps], [.. norms], policies.Network.Snapshot(), run.ParallelHalves);
            }

            var whole = Train(false);
            var halves = Train(true);
            var again = Train(true);
            Assert.False(whole.Parallel);
            Assert.True(halves.Parallel);

            // The first step starts from identical weights: same terms, same gradient (up to float summation order).
            static void Close(double expected, double actual, string what) =>
                Assert.True(Math.Abs(expected - actual) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{what}: {expected} vs {actual}");
            Close(whole.Steps[0].Loss, halves.Steps[0].Loss, "loss");
            Close(whole.Steps[0].MinLsed, halves.Steps[0].MinLsed, "MinLSED");
            for (var k = 0; k < 3; k++)
            {
                Close(whole.Steps[0].Returns[k], halves.Steps[0].Returns[k], $"J[{k}]");
                Close(whole.Steps[0].Penalties[k], halves.Steps[0].Penalties[k], $"Pen[{k}]");
            }

            Close(whole.Norms[0], halves.Norms[0], "gradient norm");
            Assert.True(whole.Norms[0] > 1e-3, "a real gradient");

            // The halves' step is deterministic: the same run twice gives bit-identical weights and terms.
            Assert.Equal(halves.Steps.Select(s => s.Loss), again.Steps.Select(s => s.Loss));
            for (var i = 0; i < halves.Weights.Length; i++)
            {
                Assert.Equal(halves.Weights[i], again.Weights[i]);
            }
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_policy_search_step_leaves_the_frozen_ensemble_without_gradients(bool parallel)
    {
        using var toy = new ToySearchSetup(32);
        var (layout, windows, ensemble, safety) = (toy.Layout, toy.Windows, toy.Ensemble, toy.Safety);
        var search = new PolicySearchConfig { Policies = 2, Horizon = 8, StartWindows = 8, Steps = 2, LearningRate = 1e-2, ParallelHalves = parallel };
        var threads = get_num_threads();
        set_num_threads(2);
        try
        {
            using var policies = new PolicySet(layout, 2, [16, 16], 9);
            using var run = new PolicySearch(policies, ensemble, windows, safety, search, 12);
            var before = policies.Network.Snapshot();
            run.TrainStep(1.0);
            run.TrainStep(1.0);
            Assert.Equal(parallel, run.ParallelHalves);
            Assert.True(run.LastGradientNorm > 1e-6, "the policies got a gradient");

            // The halves and the optimizer step run on one intra-op thread each; the step hands the threads back.
            Assert.Equal(2, get_num_threads());

            // The benchmark reads each half's time; a step without halves has none.
            var (first, second) = run.LastHalfMilliseconds;
            Assert.Equal(parallel, first > 0 && second > 0);
            Assert.NotEqual(before[0], policies.Network.Snapshot()[0]);

            // Only the policies are trained here; gradients of the ensemble's weights are wasted work.
            Assert.All(ensemble.Network.Parameters, p => Assert.True(p.grad is null || p.grad.abs().max().item<float>() == 0, "an ensemble weight got a gradient"));
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
