using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>The small, fused loops of <see cref="AdjointRollout"/>'s step: everything between its large products.
/// Why: each of these is a few thousand multiply-adds, while a libtorch call costs ≈ 3 µs of dispatch here whatever
/// its size, and the step made ≈ 25 of them (thin products with 3 or 6 outputs, reorders between the member-major and
/// policy-major layouts, the clipped add, its mask, activation gradients). One pass over the rows does each group.
/// Plain loops over contiguous float32 memory, no I/O, no allocation; the caller checks shapes and layouts.
/// <para>Layouts: policies are policy-major, row j·n + i of policy k for start window i of member j; models are
/// member-major, row k·n + i of member j. Frame buffers are [rows, frames, D] per policy or member.</para></summary>
internal static unsafe class RolloutKernels
{
    /// <summary>The policies' output layer and squash, act[k, r, :] = tanh(bias[k, :] + h[k, r, :]·wᵀ[k]) for
    /// h [K, M·n, width], wT [K, A, width], bias [K, A]; also writes the actions member-major, action [M, K·n, A].</summary>
    public static void PolicyOutput(float* h, float* wT, float* bias, float* act, float* action, int k, int m, int n, int width, int a)
    {
        var rows = m * n;
        for (var p = 0; p < k; p++)
        {
            for (var r = 0; r < rows; r++)
            {
                var hr = h + (((long)p * rows) + r) * width;
                var ar = act + (((long)p * rows) + r) * a;
                for (var x = 0; x < a; x++)
                {
                    ar[x] = bias[(p * a) + x] + Dot(hr, wT + (((long)p * a) + x) * width, width);
                }
            }
        }

        var all = new Span<float>(act, k * rows * a);
        TensorPrimitives.Tanh(all, all);
        for (var j = 0; j < m; j++)
        {
            for (var p = 0; p < k; p++)
            {
                new ReadOnlySpan<float>(act + (((long)p * rows) + (j * n)) * a, n * a)
                    .CopyTo(new Span<float>(action + (((long)j * k * n) + (p * n)) * a, n * a));
            }
        }
    }

    /// <summary>The models' first layer, its action part and activation: u[j, r, :] += action[j, r, :]·w[j] for
    /// w [M, A, width], then ReLU or the sigmoid in place.</summary>
    public static void AddActionAndActivate(float* u, float* action, float* w, int m, int rows, int a, int width, bool relu)
    {
        for (var j = 0; j < m; j++)
        {
            for (var r = 0; r < rows; r++)
            {
                var ur = u + (((long)j * rows) + r) * width;
                var ar = action + (((long)j * rows) + r) * a;
                for (var x = 0; x < a; x++)
                {
                    Axpy(ar[x], w + (((long)j * a) + x) * width, ur, width);
                }
            }
        }

        Activate(u, (long)m * rows * width, relu);
    }

    /// <summary>The hidden nonlinearity in place: ReLU, or the sigmoid of the tanh re-parametrisation.</summary>
    public static void Activate(float* u, long count, bool relu)
    {
        var all = new Span<float>(u, checked((int)count));
        if (relu)
        {
            TensorPrimitives.Max(all, 0f, all);
        }
        else
        {
            TensorPrimitives.Sigmoid(all, all);
        }
    }

    /// <summary>One step of the models' known part and output: for every member-major row, moved = newest + shift[j] +
    /// action·map[j] (map [M, A, D]), clipped = clamp(moved, low, high) with mask = 1 where the clip changed the value,
    /// next = clipped + u·Δ[j] (deltaT [M, D, width] = Δᵀ), written as frame <paramref name="frame"/> of both frame
    /// buffers (member-major [M, K·n, frames, D] and policy-major [K, M·n, frames, D]).</summary>
    public static void Advance(
        float* memberFrames, float* policyFrames, float* action, float* map, float* shift, float* low, float* high,
        float* u, float* deltaT, byte* mask, int m, int k, int n, int frames, int frame, int d, int a, int width)
    {
        var rows = k * n;
        for (var j = 0; j < m; j++)
        {
            for (var p = 0; p < k; p++)
            {
                for (var i = 0; i < n; i++)
                {
                    var row = ((long)j * rows) + (p * n) + i;
                    var member = memberFrames + (row * frames * d);
                    var newest = member + ((frame - 1) * d);
                    var target = member + (frame * d);
                    var policy = policyFrames + (((((long)p * m * n) + (j * n) + i) * frames) + frame) * d;
                    var ar = action + (row * a);
                    var ur = u + (row * width);
                    var mr = mask + (row * d);
                    for (var x = 0; x < d; x++)
                    {
                        var moved = newest[x] + shift[(j * d) + x];
                        for (var y = 0; y < a; y++)
                        {
                            moved += ar[y] * map[(((j * a) + y) * d) + x];
                        }

                        // As torch's clamp: a NaN stays NaN (and is marked, NaN ≠ NaN), bounds are inclusive.
                        var clipped = moved < low[x] ? low[x] : moved > high[x] ? high[x] : moved;
                        mr[x] = clipped != moved ? (byte)1 : (byte)0;
                        var next = clipped + Dot(ur, deltaT + (((long)j * d) + x) * width, width);
                        target[x] = next;
                        policy[x] = next;
                    }
                }
            }
        }
    }

    /// <summary>The reverse step of <see cref="Advance"/> down to the last hidden layer. With G the member-major frame
    /// gradients [M, K·n, frames, D] and next = G[:, :, frame]: adds next, where the clip passed it, to G[:, :, frame − 1];
    /// returns in g [M, K·n, width] the gradient on the last hidden layer's pre-activation, (next·Δᵀ + reward)·f'(u),
    /// the reward term r[j, row, step]·std·rewardWᵀ when the reward is learned (rewardRows [M, K·n, horizon], else null;
    /// rewardW [M, width]).</summary>
    public static void DeltaGradient(
        float* frameGradients, byte* mask, float* deltaT, float* u, float* g, float* rewardRows, float rewardStd, float* rewardW,
        int m, int rows, int frames, int frame, int d, int width, int step, int horizon, bool relu)
    {
        for (var j = 0; j < m; j++)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = ((long)j * rows) + r;
                var gradients = frameGradients + (row * frames * d);
                var next = gradients + (frame * d);
                var previous = next - d;
                var mr = mask + (row * d);
                var gr = g + (row * width);
                for (var x = 0; x < d; x++)
                {
                    if (mr[x] == 0)
                    {
                        previous[x] += next[x];
                    }
                }

                Combine(next, d, deltaT + ((long)j * d * width), width, gr, width);

                if (rewardRows is not null)
                {
                    Axpy(rewardRows[(row * horizon) + step] * rewardStd, rewardW + ((long)j * width), gr, width);
                }

                ActivationGradient(gr, u + (row * width), width, relu);
            }
        }
    }

    /// <summary>g ⊙ f'(z) in place from the activation's output u: ReLU 1[u &gt; 0], sigmoid u(1 − u).</summary>
    public static void ActivationGradient(float* g, float* u, long count, bool relu)
    {
        long i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1f);
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var uv = Vector256.Load(u + i);
                var gv = Vector256.Load(g + i);
                var factor = relu ? Vector256.ConditionalSelect(Vector256.GreaterThan(uv, Vector256<float>.Zero), one, Vector256<float>.Zero) : uv * (one - uv);
                (gv * factor).Store(g + i);
            }
        }

        for (; i < count; i++)
        {
            g[i] *= relu ? (u[i] > 0 ? 1f : 0f) : u[i] * (1 - u[i]);
        }
    }

    /// <summary>The reverse step from the models' first layer to the policies' last hidden layer. input0
    /// [M, K·n, cols] is the gradient on the models' first-layer input from column data·D on (data = L − rolled start
    /// frames skipped): rolled window frames, then the A action columns. For every row it adds the window part to the
    /// frame gradients (frames step + data … step + L − 1), forms the action gradient (its column plus the clipped
    /// add's share, (next where the clip passed it)·mapᵀ) and takes it through tanh (act [K, M·n, A]) into scratch
    /// [K, M·n, A]. Then, through the policies' output layer, it accumulates the weight gradient into weightGradT
    /// [K, A, width] (+= pᵀ·h) and the bias gradient into biasGrad [K, M·n, A], and writes the gradient on the last
    /// hidden pre-activation, (p·wT)·f'(h), to pOut [K, M·n, width].</summary>
    public static void PolicyOutputGradient(
        float* input0, int cols, int rolled, float* frameGradients, byte* mask, float* map, float* act, float* h, float* wT,
        float* weightGradT, float* biasGrad, float* pOut, float* scratch, int m, int k, int n, int frames, int step, int l, int d, int a, int width, bool relu)
    {
        var rows = k * n;
        var data = l - rolled;
        for (var j = 0; j < m; j++)
        {
            for (var p = 0; p < k; p++)
            {
                for (var i = 0; i < n; i++)
                {
                    var row = ((long)j * rows) + (p * n) + i;
                    var policyRow = ((long)p * m * n) + (j * n) + i;
                    var input = input0 + (row * cols);
                    var gradients = frameGradients + (row * frames * d);
                    Add(input, gradients + ((step + data) * d), rolled * d);
                    var next = gradients + ((step + l) * d);
                    var mr = mask + (row * d);
                    var actRow = act + (policyRow * a);
                    for (var y = 0; y < a; y++)
                    {
                        var gradient = input[(rolled * d) + y];
                        for (var x = 0; x < d; x++)
                        {
                            if (mr[x] == 0)
                            {
                                gradient += next[x] * map[(((j * a) + y) * d) + x];
                            }
                        }

                        // Through tanh: p(1 − act²).
                        var through = gradient - (gradient * actRow[y] * actRow[y]);
                        scratch[(policyRow * a) + y] = through;
                        biasGrad[(policyRow * a) + y] += through;
                    }
                }
            }
        }

        var policyRows = m * n;
        for (var p = 0; p < k; p++)
        {
            var w = wT + ((long)p * a * width);
            var hp = h + ((long)p * policyRows * width);
            var sp = scratch + ((long)p * policyRows * a);
            for (var r = 0; r < policyRows; r++)
            {
                var pr = pOut + ((((long)p * policyRows) + r) * width);
                Combine(sp + (r * a), a, w, width, pr, width);
                ActivationGradient(pr, hp + ((long)r * width), width, relu);
            }

            // pᵀ·h over this policy's rows, each output's row accumulated in registers.
            for (var y = 0; y < a; y++)
            {
                CombineTransposed(sp + y, a, policyRows, hp, width, weightGradT + (((long)p * a) + y) * width);
            }
        }
    }

    /// <summary>Adds the policies' window gradient pw [K, M·n, rolled·D] (policy-major) to the member-major frame
    /// gradients, frames step + L − rolled … step + L − 1.</summary>
    public static void AddPolicyWindowGradient(float* pw, float* frameGradients, int m, int k, int n, int frames, int step, int l, int rolled, int d)
    {
        var rows = k * n;
        var width = rolled * d;
        var first = step + l - rolled;
        for (var j = 0; j < m; j++)
        {
            for (var p = 0; p < k; p++)
            {
                for (var i = 0; i < n; i++)
                {
                    var row = ((long)j * rows) + (p * n) + i;
                    var policyRow = ((long)p * m * n) + (j * n) + i;
                    Add(pw + (policyRow * width), frameGradients + (((row * frames) + first) * d), width);
                }
            }
        }
    }

    /// <summary>output = Σ_i coefficients[i]·rows[i·stride …], over <paramref name="count"/> rows of
    /// <paramref name="width"/>; each 8 outputs accumulate in a register (no store and reload per row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Combine(float* coefficients, int count, float* rows, long stride, float* output, int width)
    {
        var c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; c <= width - Vector256<float>.Count; c += Vector256<float>.Count)
            {
                var sum = Vector256<float>.Zero;
                for (var i = 0; i < count; i++)
                {
                    sum = Vector256.MultiplyAddEstimate(Vector256.Create(coefficients[i]), Vector256.Load(rows + (i * stride) + c), sum);
                }

                sum.Store(output + c);
            }
        }

        for (; c < width; c++)
        {
            var sum = 0f;
            for (var i = 0; i < count; i++)
            {
                sum += coefficients[i] * rows[(i * stride) + c];
            }

            output[c] = sum;
        }
    }

    /// <summary>output += Σ_r coefficients[r·step]·rows[r·width …] over <paramref name="count"/> rows: the
    /// accumulation of an outer-product sum, 8 outputs per register across all rows.</summary>
    public static void CombineTransposed(float* coefficients, int step, int count, float* rows, int width, float* output)
    {
        var c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Four independent sums at a time: one chain of `count` dependent multiply-adds would wait on each.
            const int lanes = 4 * 8;
            for (; c <= width - lanes; c += lanes)
            {
                var s0 = Vector256.Load(output + c);
                var s1 = Vector256.Load(output + c + 8);
                var s2 = Vector256.Load(output + c + 16);
                var s3 = Vector256.Load(output + c + 24);
                for (var r = 0; r < count; r++)
                {
                    var coefficient = Vector256.Create(coefficients[(long)r * step]);
                    var row = rows + ((long)r * width) + c;
                    s0 = Vector256.MultiplyAddEstimate(coefficient, Vector256.Load(row), s0);
                    s1 = Vector256.MultiplyAddEstimate(coefficient, Vector256.Load(row + 8), s1);
                    s2 = Vector256.MultiplyAddEstimate(coefficient, Vector256.Load(row + 16), s2);
                    s3 = Vector256.MultiplyAddEstimate(coefficient, Vector256.Load(row + 24), s3);
                }

                s0.Store(output + c);
                s1.Store(output + c + 8);
                s2.Store(output + c + 16);
                s3.Store(output + c + 24);
            }

            for (; c <= width - Vector256<float>.Count; c += Vector256<float>.Count)
            {
                var sum = Vector256.Load(output + c);
                for (var r = 0; r < count; r++)
                {
                    sum = Vector256.MultiplyAddEstimate(Vector256.Create(coefficients[(long)r * step]), Vector256.Load(rows + ((long)r * width) + c), sum);
                }

                sum.Store(output + c);
            }
        }

        for (; c < width; c++)
        {
            var sum = output[c];
            for (var r = 0; r < count; r++)
            {
                sum += coefficients[(long)r * step] * rows[((long)r * width) + c];
            }

            output[c] = sum;
        }
    }

    /// <summary>y += x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(float* x, float* y, int count)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.Load(y + i) + Vector256.Load(x + i)).Store(y + i);
            }
        }

        for (; i < count; i++)
        {
            y[i] += x[i];
        }
    }

    /// <summary>Σ x[i]·y[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(float* x, float* y, int count)
    {
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && count >= Vector256<float>.Count)
        {
            var s0 = Vector256<float>.Zero;
            var s1 = Vector256<float>.Zero;
            for (; i <= count - (2 * Vector256<float>.Count); i += 2 * Vector256<float>.Count)
            {
                s0 = Vector256.MultiplyAddEstimate(Vector256.Load(x + i), Vector256.Load(y + i), s0);
                s1 = Vector256.MultiplyAddEstimate(Vector256.Load(x + i + Vector256<float>.Count), Vector256.Load(y + i + Vector256<float>.Count), s1);
            }

            if (i <= count - Vector256<float>.Count)
            {
                s0 = Vector256.MultiplyAddEstimate(Vector256.Load(x + i), Vector256.Load(y + i), s0);
                i += Vector256<float>.Count;
            }

            sum = Vector256.Sum(s0 + s1);
        }

        for (; i < count; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>y += alpha·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float alpha, float* x, float* y, int count)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var av = Vector256.Create(alpha);
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.MultiplyAddEstimate(av, Vector256.Load(x + i), Vector256.Load(y + i)).Store(y + i);
            }
        }

        for (; i < count; i++)
        {
            y[i] += alpha * x[i];
        }
    }
}
