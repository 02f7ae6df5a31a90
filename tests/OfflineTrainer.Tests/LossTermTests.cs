using IndustrialSafeRL.OfflineTrainer.Losses;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

public sealed class LossTermTests
{
    public LossTermTests() => TorchSetup.Ensure();

    [Fact]
    public void Discounted_return_is_the_hand_computed_sum()
    {
        // K = 2, B = 1, H = 3; γ = 0.5: policy 0 gets 1 + 0.5·2 + 0.25·4 = 3, policy 1 gets −1·(1 + .5 + .25).
        using var rewards = tensor(new float[] { 1, 2, 4, -1, -1, -1 }, [2, 1, 3]);
        using var j = RolloutReturn.Compute(rewards, 0.5);
        var values = j.data<float>().ToArray();
        Assert.Equal(3.0, values[0], 5);
        Assert.Equal(-1.75, values[1], 5);
    }

    [Fact]
    public void Bounds_penalty_is_zero_inside_and_squared_excess_outside()
    {
        using var low = tensor(new float[] { -1, -1 });
        using var high = tensor(new float[] { 1, 1 });
        using var inside = rand([3, 4, 5, 2]) * 1.8f - 0.9f;
        using var zero = BoundsPenalty.Compute(inside, low, high, 0.97);
        Assert.All(zero.data<float>().ToArray(), v => Assert.Equal(0f, v));

        // One state at t = 1 exceeds hi by 0.5 in dim 0 and lo by 2 in dim 1: γ·(0.25 + 4).
        var values = new float[1 * 1 * 2 * 2];
        values[2] = 1.5f;
        values[3] = -3f;
        using var outside = tensor(values, [1, 1, 2, 2]);
        using var pen = BoundsPenalty.Compute(outside, low, high, 0.9);
        Assert.Equal(0.9 * 4.25, pen.item<float>(), 4);
    }

    [Fact]
    public void Likelihood_hinge_is_zero_above_delta_and_linear_below()
    {
        using var ll = tensor(new float[] { 0, -1, -5 }, [1, 1, 3]);
        using var pen = LikelihoodHinge.Compute(ll, -2, 1.0);
        Assert.Equal(3.0, pen.item<float>(), 5);
        using var a = tensor(new float[] { 0.5f });
        using var mu = tensor(new float[] { 0.5f });
        using var logStd = tensor(new float[] { 0f });
        using var peak = LikelihoodHinge.GaussianLogLikelihood(a, mu, logStd);
        Assert.Equal(-0.5 * Math.Log(2 * Math.PI), peak.item<float>(), 5);
    }

    [Fact]
    public void MinLsed_is_the_smallest_pairwise_lock_step_distance()
    {
        // Three policies, one start, H = 2, D = 1: trajectories 0, (3,4) and (0,1) → distances 5, 1, sqrt(9+9).
        using var states = tensor(new float[] { 0, 0, 3, 4, 0, 1 }, [3, 1, 2, 1]);
        using var d = MinLsed.Compute(states);
        Assert.Equal(1.0, d.item<float>(), 4);
    }

    [Fact]
    public void Diversity_term_pushes_two_policies_apart_when_alpha_d_is_positive()
    {
        // Two "policies" are constant offsets x_k added to a shared trajectory; the loss has no return or penalty,
        // so with α_d > 0 gradient descent on L = −α_d·MinLSED must move them apart; with α_d = 0 nothing moves.
        foreach (var alpha in new[] { 0.0, 0.5 })
        {
            using var x = tensor(new float[] { 0.1f, -0.1f }, requires_grad: true);
            using var baseTrajectory = linspace(0, 1, 5).reshape(1, 1, 5, 1);
            var before = 0.0;
            for (var step = 0; step < 20; step++)
            {
                using var scope = NewDisposeScope();
                var states = baseTrajectory + x.reshape(2, 1, 1, 1);
                var lsed = MinLsed.Compute(states);
                if (step == 0)
                {
                    before = lsed.item<float>();
                }

                var loss = PolicySearchLoss.Compute(zeros(2), zeros(2), lsed, 1.0, alpha);
                if (x.grad is { } g)
                {
                    g.zero_();
                }

                if (loss.requires_grad)
                {
                    loss.backward();
                    using var noGrad = no_grad();
                    x.sub_(x.grad! * 0.1);
                }
            }

            using var final = MinLsed.Compute(baseTrajectory + x.detach().reshape(2, 1, 1, 1));
            if (alpha > 0)
            {
                // ∂LSED/∂(x0 − x1) = sqrt(5): each step adds 2·0.1·α·sqrt(5) to the distance.
                Assert.True(final.item<float>() > before + 1.0, $"MinLSED {before} → {final.item<float>()}");
                Assert.True(x[0].item<float>() > 0.1f && x[1].item<float>() < -0.1f);
            }
            else
            {
                Assert.Equal(before, final.item<float>(), 5);
            }
        }
    }

    [Fact]
    public void Loss_combines_terms_with_the_design_signs()
    {
        using var j = tensor(new float[] { -2, -4 }, requires_grad: true);
        using var pen = tensor(new float[] { 1, 3 }, requires_grad: true);
        using var div = tensor(5f, requires_grad: true);
        using var loss = PolicySearchLoss.Compute(j, pen, div, 2.0, 0.1);
        Assert.Equal(3 + (2 * 2) - 0.5, loss.item<float>(), 5);
        loss.backward();
        Assert.All(j.grad!.data<float>().ToArray(), g => Assert.Equal(-0.5f, g));
        Assert.All(pen.grad!.data<float>().ToArray(), g => Assert.Equal(1.0f, g));
        Assert.Equal(-0.1f, div.grad!.item<float>(), 5);
    }
}
