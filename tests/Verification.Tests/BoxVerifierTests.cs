using IndustrialSafeRL.Onnx;
using IndustrialSafeRL.Verification.Bounds;
using IndustrialSafeRL.Verification.Networks;
using Microsoft.ML.OnnxRuntime;

namespace IndustrialSafeRL.Verification.Tests;

public sealed class BoxVerifierTests
{
    private static NetworkGraph Graph(byte[] bytes) => new(OnnxModelReader.Read(bytes));

    private static InputBox Box(params (double Lo, double Hi)[] ranges) =>
        new([.. ranges.Select((r, i) => new BoxDimension($"x{i}", r.Lo, r.Hi))], [[.. Enumerable.Range(0, ranges.Length)]]);

    private static OutputLimits Limits(double low, double high) => new(["y"], [low], [high]);

    private static BoxVerifierOptions Depth(int depth) => new() { MaxDepth = depth, MaxBoxes = 1 << 20, Tolerance = 0 };

    [Fact]
    public void One_dimensional_fractions_bracket_the_true_safe_set_and_tighten_with_depth()
    {
        // y = |x| on x ∈ [−1, 1.5], limit y ≤ 0.6: safe set [−0.6, 0.6], true safe fraction 1.2 / 2.5.
        var network = Graph(TestNetworks.AbsoluteValue());
        const double trueSafe = 1.2 / 2.5;
        var previousUnknown = double.PositiveInfinity;
        foreach (var depth in new[] { 0, 2, 4, 8, 12 })
        {
            var result = BoxVerifier.Verify(network, Box((-1, 1.5)), Limits(-10, 0.6), Depth(depth));
            Assert.True(result.ProvedFraction <= trueSafe, $"depth {depth}: proved {result.ProvedFraction} > {trueSafe}");
            Assert.True(result.RefutedFraction <= 1 - trueSafe, $"depth {depth}: refuted {result.RefutedFraction} > {1 - trueSafe}");
            Assert.Equal(1.0, result.ProvedFraction + result.RefutedFraction + result.UnknownFraction, 12);
            Assert.True(result.UnknownFraction <= previousUnknown, $"depth {depth}: unknown grew to {result.UnknownFraction}");
            previousUnknown = result.UnknownFraction;
        }

        var deep = BoxVerifier.Verify(network, Box((-1, 1.5)), Limits(-10, 0.6), Depth(16));
        Assert.True(deep.UnknownFraction < 1e-3, $"unknown {deep.UnknownFraction} at depth 16");
        Assert.InRange(deep.ProvedFraction, trueSafe - 1e-3, trueSafe);
        var ce = Assert.IsType<Counterexample>(deep.Counterexample);
        Assert.True(Math.Abs(ce.Point[0]) > 0.6, $"counterexample x = {ce.Point[0]} is not in the unsafe set");
        Assert.Equal(Math.Abs(ce.Point[0]), ce.Output[0], 6);
    }

    [Fact]
    public void Two_dimensional_fractions_bracket_the_half_plane_and_tighten_with_depth()
    {
        // y = relu(x1 + x2) on [−1, 1]², limit y ≤ 0.5: unsafe triangle x1 + x2 > 0.5 of area 1.5²/2 = 1.125 of 4.
        var network = Graph(TestNetworks.HalfPlane());
        const double trueUnsafe = 1.125 / 4;
        var previousUnknown = double.PositiveInfinity;
        foreach (var depth in new[] { 0, 2, 4, 6, 8, 10, 12 })
        {
            var result = BoxVerifier.Verify(network, Box((-1, 1), (-1, 1)), Limits(0, 0.5), Depth(depth));
            Assert.True(result.ProvedFraction <= 1 - trueUnsafe, $"depth {depth}: proved {result.ProvedFraction}");
            Assert.True(result.RefutedFraction <= trueUnsafe, $"depth {depth}: refuted {result.RefutedFraction}");
            Assert.True(result.UnknownFraction <= previousUnknown);
            previousUnknown = result.UnknownFraction;

            // The sampled bound on the violating volume (95 %, fixed seed) lies above the truth and above what is refuted.
            Assert.InRange(result.ViolationUpperBound, Math.Max(trueUnsafe, result.RefutedFraction), 1);
        }

        var deep = BoxVerifier.Verify(network, Box((-1, 1), (-1, 1)), Limits(0, 0.5), Depth(14));
        Assert.True(deep.UnknownFraction < 0.03, $"unknown {deep.UnknownFraction}");
        Assert.True(deep.ProvedFraction > 1 - trueUnsafe - 0.03);
        Assert.True(deep.RefutedFraction > trueUnsafe - 0.03);
        Assert.True(deep.ViolationUpperBound < trueUnsafe + 0.03, $"violation bound {deep.ViolationUpperBound}");
        Assert.True(deep.UnknownViolations > 0 && deep.UnknownViolations < deep.UnknownSamples);
        Assert.NotNull(deep.Counterexample);
        Assert.True(deep.Counterexample.Point[0] + deep.Counterexample.Point[1] > 0.5);
    }

    [Fact]
    public void A_safe_network_is_proved_on_the_unsplit_box()
    {
        // relu(x) + relu(−x) over [−1, 1]: interval arithmetic forgets that the two terms share x, so the root
        // bound is [0, 2] (the true range is [0, 1]); limits [0, 2] are proved without splitting.
        var result = BoxVerifier.Verify(Graph(TestNetworks.AbsoluteValue()), Box((-1, 1)), Limits(0, 2), Depth(0));
        Assert.True(result.Proved);
        Assert.Equal(1, result.BoxesEvaluated);
        Assert.Equal([0.0, 2.0], [result.RootLow[0], result.RootHigh[0]]);

        // Limit 1 holds everywhere too, but only splitting at 0 separates the two terms and proves it.
        Assert.False(BoxVerifier.Verify(Graph(TestNetworks.AbsoluteValue()), Box((-1, 1)), Limits(0, 1), Depth(0)).Proved);
        var split = BoxVerifier.Verify(Graph(TestNetworks.AbsoluteValue()), Box((-1, 1)), Limits(0, 1), Depth(1));
        Assert.True(split.Proved);
        Assert.Equal(3, split.BoxesEvaluated);
    }

    [Fact]
    public void The_budget_stops_splitting_and_leaves_the_rest_unknown()
    {
        var result = BoxVerifier.Verify(Graph(TestNetworks.HalfPlane()), Box((-1, 1), (-1, 1)), Limits(0, 0.5),
            new BoxVerifierOptions { MaxBoxes = 15, MaxDepth = 30, Tolerance = 0 });
        Assert.True(result.BoxesEvaluated <= 15);
        Assert.True(result.UnknownFraction > 0);
    }

    [Fact]
    public void Exact_outputs_from_onnx_runtime_lie_inside_the_propagated_intervals()
    {
        const int history = 4, tags = 3, actions = 2;
        var bytes = TestNetworks.PolicyShaped(11, history, tags, 16, actions, guide: true);
        var network = Graph(bytes);
        using var session = new InferenceSession(bytes);
        var random = new Random(5);
        var width = history * tags;
        for (var trial = 0; trial < 200; trial++)
        {
            var lo = new double[width + actions];
            var hi = new double[lo.Length];
            for (var d = 0; d < lo.Length; d++)
            {
                var centre = (random.NextDouble() * 6) - 3;
                var radius = random.NextDouble() * Math.Pow(10, -random.Next(4));
                lo[d] = (float)(centre - radius);
                hi[d] = (float)(centre + radius);
            }

            var bounds = network.Evaluate([
                new IntervalTensor([1, history, tags], lo[..width], hi[..width]),
                new IntervalTensor([1, actions], lo[width..], hi[width..])]);
            for (var p = 0; p < 5; p++)
            {
                var x = new float[lo.Length];
                for (var d = 0; d < x.Length; d++)
                {
                    x[d] = (float)Math.Clamp(lo[d] + (random.NextDouble() * (hi[d] - lo[d])), lo[d], hi[d]);
                }

                using var observation = OrtValue.CreateTensorValueFromMemory(x[..width], [1, history, tags]);
                using var guide = OrtValue.CreateTensorValueFromMemory(x[width..], [1, actions]);
                using var outputs = session.Run(new RunOptions(), ["observation", "guide"], [observation, guide], ["action"]);
                var y = outputs[0].GetTensorDataAsSpan<float>();
                var exact = network.EvaluatePoint([[.. x[..width].Select(v => (double)v)], [.. x[width..].Select(v => (double)v)]]);
                for (var j = 0; j < actions; j++)
                {
                    // float32 rounding in ONNX Runtime: the same slack the verifier's tolerance allows.
                    var slack = 1e-5 * Math.Max(1, Math.Abs(y[j]));
                    Assert.InRange(y[j], bounds.Lo[j] - slack, bounds.Hi[j] + slack);
                    Assert.InRange(exact[j], bounds.Lo[j] - 1e-12, bounds.Hi[j] + 1e-12);
                    Assert.Equal(y[j], exact[j], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void An_unsupported_operator_is_refused_naming_the_node()
    {
        var builder = new OnnxModelBuilder("g");
        builder.AddInput("x", -1, 2);
        builder.AddNode("Softmax", "probabilities", ["x"], ["y"]);
        builder.AddOutput("y", -1, 2);
        var e = Assert.Throws<NetworkGraphException>(() => Graph(builder.ToBytes()));
        Assert.Contains("node 'probabilities'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Softmax", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_mismatch_is_refused_naming_the_node()
    {
        var builder = new OnnxModelBuilder("g");
        builder.AddInput("x", -1, 3);
        builder.AddInitializer("w", new float[8], 4, 2);
        builder.AddNode("Gemm", "dense", ["x", "w"], ["y"]);
        builder.AddOutput("y", -1, 2);
        var e = Assert.Throws<NetworkGraphException>(() => Graph(builder.ToBytes()));
        Assert.Contains("node 'dense' (Gemm)", e.Message, StringComparison.Ordinal);
    }
}

public sealed class AffineFrontTests
{
    [Fact]
    public void Inputs_sharing_a_coordinate_stay_correlated_through_the_linear_front()
    {
        // y = relu(x0 − x1 + 0.25) with both inputs reading one coordinate u: exactly 0.25 everywhere.
        var builder = new OnnxModelBuilder("diff");
        builder.AddInput("x", -1, 2);
        builder.AddInitializer("w", [1f, -1f], 2, 1);
        builder.AddInitializer("b", [0.25f], 1);
        builder.AddNode("Gemm", "diff", ["x", "w", "b"], ["d"]);
        builder.AddNode("Relu", "relu", ["d"], ["y"]);
        builder.AddOutput("y", -1, 1);
        var network = new NetworkGraph(OnnxModelReader.Read(builder.ToBytes()));

        var symbolic = network.EvaluateBox([[0, 0]], [-1], [1]);
        Assert.Equal(0.25, symbolic.Lo[0], 12);
        Assert.Equal(0.25, symbolic.Hi[0], 12);
        var plain = network.Evaluate([new IntervalTensor([1, 2], [-1, -1], [1, 1])]);
        Assert.Equal(0, plain.Lo[0]);
        Assert.Equal(2.25, plain.Hi[0], 12);

        var box = new InputBox([new BoxDimension("u", -1, 1)], [[0, 0]]);
        var result = BoxVerifier.Verify(network, box, new OutputLimits(["y"], [0.2], [0.3]), new BoxVerifierOptions { MaxDepth = 0, Tolerance = 0 });
        Assert.True(result.Proved);
    }

    [Fact]
    public void Symbolic_bounds_are_sound_and_never_looser_than_plain_intervals()
    {
        const int history = 5, tags = 3, actions = 2;
        var network = new NetworkGraph(OnnxModelReader.Read(TestNetworks.PolicyShaped(21, history, tags, 12, actions, guide: true)));
        var random = new Random(9);
        var tighter = 0;
        for (var trial = 0; trial < 100; trial++)
        {
            // Coordinates: one per tag (shared by all frames) plus one per guide element.
            var n = tags + actions;
            var lo = new double[n];
            var hi = new double[n];
            for (var d = 0; d < n; d++)
            {
                var c = (random.NextDouble() * 4) - 2;
                var r = random.NextDouble() * 0.5;
                (lo[d], hi[d]) = (c - r, c + r);
            }

            int[][] mapping = [[.. Enumerable.Range(0, history * tags).Select(e => e % tags)], [.. Enumerable.Range(tags, actions)]];
            var symbolic = network.EvaluateBox(mapping, lo, hi);
            var plain = network.Evaluate([
                new IntervalTensor([1, history, tags], [.. mapping[0].Select(d => lo[d])], [.. mapping[0].Select(d => hi[d])]),
                new IntervalTensor([1, actions], [.. mapping[1].Select(d => lo[d])], [.. mapping[1].Select(d => hi[d])])]);
            var box = new InputBox([.. Enumerable.Range(0, n).Select(d => new BoxDimension($"u{d}", lo[d], hi[d]))], mapping);
            for (var j = 0; j < actions; j++)
            {
                Assert.True(symbolic.Lo[j] >= plain.Lo[j] - 1e-12 && symbolic.Hi[j] <= plain.Hi[j] + 1e-12, $"trial {trial}: symbolic looser than plain");
                tighter += symbolic.Hi[j] - symbolic.Lo[j] < plain.Hi[j] - plain.Lo[j] - 1e-9 ? 1 : 0;
            }

            for (var p = 0; p < 10; p++)
            {
                var point = Enumerable.Range(0, n).Select(d => lo[d] + (random.NextDouble() * (hi[d] - lo[d]))).ToArray();
                var y = network.EvaluatePoint(box.Inputs(point));
                for (var j = 0; j < actions; j++)
                {
                    Assert.InRange(y[j], symbolic.Lo[j] - 1e-12, symbolic.Hi[j] + 1e-12);
                }
            }
        }

        Assert.True(tighter > 50, $"symbolic bounds were strictly tighter in only {tighter} of 200 outputs");
    }

    [Fact]
    public void An_absurd_input_dimension_is_refused_naming_the_input()
    {
        var builder = new OnnxModelBuilder("g");
        builder.AddInput("x", -1, 5_000_000_000);
        builder.AddNode("Relu", "r", ["x"], ["y"]);
        builder.AddOutput("y", -1, 5_000_000_000);
        var e = Assert.Throws<NetworkGraphException>(() => new NetworkGraph(OnnxModelReader.Read(builder.ToBytes())));
        Assert.Contains("graph input 'x': dimension 1 is 5000000000", e.Message, StringComparison.Ordinal);
    }
}
