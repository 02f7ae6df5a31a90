using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.OfflineTrainer.Torch;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>The fused loops of the rollout against plain scalar arithmetic, at every length around the vector width
/// (the sweep's parity tests use widths of 10–16; the defaults are 64).</summary>
public sealed unsafe class RolloutKernelsTests
{
    [Fact]
    public void Dot_and_axpy_match_scalar_arithmetic_at_every_length()
    {
        var random = new Random(3);
        for (var count = 0; count <= 40; count++)
        {
            var x = Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var y = Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var expectedDot = x.Zip(y, (a, b) => (double)a * b).Sum();
            var expectedAxpy = x.Zip(y, (a, b) => b + (0.75f * a)).ToArray();
            fixed (float* px = x, py = y)
            {
                Assert.True(Math.Abs(RolloutKernels.Dot(px, py, count) - expectedDot) < 1e-5, $"dot at length {count}");
                RolloutKernels.Axpy(0.75f, px, py, count);
            }

            for (var i = 0; i < count; i++)
            {
                Assert.True(Math.Abs(y[i] - expectedAxpy[i]) < 1e-6, $"axpy at length {count}, element {i}");
            }
        }
    }

    [Fact]
    public void Row_combinations_match_scalar_arithmetic_at_every_width()
    {
        var random = new Random(5);
        float Next() => (float)random.NextDouble() - 0.5f;
        for (var width = 0; width <= 72; width++)
        {
            // Three rows of a [3, width] matrix, and five rows with coefficients every second element.
            var rows = Enumerable.Range(0, 5 * width).Select(_ => Next()).ToArray();
            float[] coefficients = [.. Enumerable.Range(0, 10).Select(_ => Next())];
            var start = Enumerable.Range(0, width).Select(_ => Next()).ToArray();
            var combined = new float[width];
            var accumulated = (float[])start.Clone();
            var added = (float[])start.Clone();
            fixed (float* pr = rows, pc = coefficients, po = combined, pa = accumulated, pd = added)
            {
                RolloutKernels.Combine(pc, 3, pr, width, po, width);
                RolloutKernels.CombineTransposed(pc, 2, 5, pr, width, pa);
                RolloutKernels.Add(pr, pd, width);
            }

            for (var c = 0; c < width; c++)
            {
                var expectedCombined = Enumerable.Range(0, 3).Sum(i => (double)coefficients[i] * rows[(i * width) + c]);
                var expectedAccumulated = start[c] + Enumerable.Range(0, 5).Sum(r => (double)coefficients[r * 2] * rows[(r * width) + c]);
                Assert.True(Math.Abs(combined[c] - expectedCombined) < 1e-5, $"combine at width {width}, column {c}");
                Assert.True(Math.Abs(accumulated[c] - expectedAccumulated) < 1e-5, $"transposed combine at width {width}, column {c}");
                Assert.Equal(start[c] + rows[c], added[c]);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Activation_gradient_is_the_derivative_from_the_output(bool relu)
    {
        for (var count = 0; count <= 20; count++)
        {
            // ReLU outputs with exact zeros among them; sigmoid outputs in (0, 1).
            var u = Enumerable.Range(0, count).Select(i => relu ? Math.Max(0, (i % 3) - 1f) * 0.5f : (i + 0.5f) / (count + 1)).ToArray();
            var g = Enumerable.Range(0, count).Select(i => i - 7.5f).ToArray();
            var expected = g.Select((v, i) => v * (relu ? (u[i] > 0 ? 1 : 0) : u[i] * (1 - u[i]))).ToArray();
            fixed (float* pg = g, pu = u)
            {
                RolloutKernels.ActivationGradient(pg, pu, count, relu);
            }

            for (var i = 0; i < count; i++)
            {
                Assert.True(Math.Abs(g[i] - expected[i]) < 1e-6, $"length {count}, element {i}: {g[i]} against {expected[i]}");
            }
        }
    }

    [Fact]
    public void Advance_clips_inclusively_marks_what_the_clip_changed_and_writes_both_layouts()
    {
        // One member, two policies, one window, D = 4, A = 1, one hidden unit, two frames: the newest frame is 0.
        // moved = newest + shift + action·map: tag 0 lands exactly on the upper bound, 1 above it, 2 below the lower,
        // 3 becomes NaN.
        const int m = 1, k = 2, n = 1, frames = 2, d = 4, a = 1, width = 1;
        var memberFrames = new float[m * k * n * frames * d];
        var policyFrames = new float[k * m * n * frames * d];
        float[] action = [1f, -1f];        // member-major rows: policy 0, policy 1
        float[] map = [1f, 2f, -3f, 0f];
        float[] shift = [0f, 0f, 0f, float.NaN];
        float[] low = [-1f, -1f, -1f, -1f];
        float[] high = [1f, 1f, 1f, 1f];
        float[] u = [2f, 0f];
        float[] deltaT = [0.5f, 0f, 0f, 0f];
        var mask = new byte[m * k * n * d];
        fixed (float* mf = memberFrames, pf = policyFrames, pa = action, pm = map, ps = shift, pl = low, ph = high, pu = u, pd = deltaT)
        fixed (byte* pk = mask)
        {
            RolloutKernels.Advance(mf, pf, pa, pm, ps, pl, ph, pu, pd, pk, m, k, n, frames, 1, d, a, width);
        }

        // Policy 0 (action 1): moved 1, 2, −3, NaN → clipped 1, 1, −1, NaN; tag 0 adds u·Δ = 2·0.5.
        Assert.Equal([2f, 1f, -1f], memberFrames.AsSpan(d, 3).ToArray());
        Assert.True(float.IsNaN(memberFrames[d + 3]));
        Assert.Equal([0, 1, 1, 1], mask.AsSpan(0, d).ToArray());
        // Policy 1 (action −1): moved −1 (on the lower bound), −2, 3, NaN; u = 0.
        Assert.Equal([-1f, -1f, 1f], memberFrames.AsSpan((frames * d) + d, 3).ToArray());
        Assert.Equal([0, 1, 1, 1], mask.AsSpan(d, d).ToArray());
        // The policy-major buffer holds the same next frames, policy by policy.
        Assert.Equal(memberFrames.AsSpan(d, d).ToArray().Select(BitConverter.SingleToInt32Bits), policyFrames.AsSpan(d, d).ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(memberFrames.AsSpan((frames * d) + d, d).ToArray().Select(BitConverter.SingleToInt32Bits), policyFrames.AsSpan((frames * d) + d, d).ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Tensor_memory_is_handed_out_only_for_dense_tensors_of_the_expected_type_and_shape()
    {
        TorchSetup.Ensure();
        using var scope = NewDisposeScope();
        var dense = arange(12, ScalarType.Float32).view(3, 4);
        Assert.Equal(5f, TensorMemory.Floats(dense, "dense")[5]);
        // A view with a storage offset: the address is its first element's.
        Assert.Equal(4f, TensorMemory.Floats(dense.narrow(0, 1, 2), "rows 1–2")[0]);
        var strided = Assert.Throws<ArgumentException>(() => TensorMemory.Floats(dense.t(), "transposed"));
        Assert.Contains("transposed", strided.Message);
        Assert.Throws<ArgumentException>(() => TensorMemory.Floats(dense.to(ScalarType.Float64), "doubles"));
        Assert.Throws<ArgumentException>(() => TensorMemory.Bytes(dense, "floats as bytes"));
        TensorMemory.RequireShape(dense, "dense", 3, 4);
        var shape = Assert.Throws<ArgumentException>(() => TensorMemory.RequireShape(dense, "action map", 4, 3));
        Assert.Contains("action map: shape [3, 4], expected [4, 3]", shape.Message);
    }
}
