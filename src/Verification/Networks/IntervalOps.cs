namespace IndustrialSafeRL.Verification.Networks;

/// <summary>
/// Sound interval arithmetic for the operators of a policy network. Every function returns an interval that
/// contains the exact result for every point of its input intervals: monotone functions map end points, affine
/// maps use the centre/radius form W·c ± |W|·r, products take the extremes of the four end-point products.
/// Arithmetic is in double, far below the float32 rounding of the weights themselves.
/// </summary>
internal static class IntervalOps
{
    public static IntervalTensor Add(IntervalTensor a, IntervalTensor b, string node) =>
        Broadcast(a, b, node, static (al, ah, bl, bh) => (al + bl, ah + bh));

    public static IntervalTensor Sub(IntervalTensor a, IntervalTensor b, string node) =>
        Broadcast(a, b, node, static (al, ah, bl, bh) => (al - bh, ah - bl));

    public static IntervalTensor Mul(IntervalTensor a, IntervalTensor b, string node) =>
        Broadcast(a, b, node, static (al, ah, bl, bh) => Extremes(al * bl, al * bh, ah * bl, ah * bh));

    public static IntervalTensor Div(IntervalTensor a, IntervalTensor b, string node)
    {
        for (var i = 0; i < b.Length; i++)
        {
            if (b.Lo[i] <= 0 && b.Hi[i] >= 0)
            {
                throw new NetworkGraphException($"node '{node}' (Div): the divisor's element {i} may be zero ([{b.Lo[i]}, {b.Hi[i]}]); only divisors bounded away from zero are supported");
            }
        }

        return Broadcast(a, b, node, static (al, ah, bl, bh) => Extremes(al / bl, al / bh, ah / bl, ah / bh));
    }

    public static IntervalTensor Monotone(IntervalTensor x, Func<double, double> f)
    {
        var lo = new double[x.Length];
        var hi = new double[x.Length];
        for (var i = 0; i < lo.Length; i++)
        {
            lo[i] = f(x.Lo[i]);
            hi[i] = f(x.Hi[i]);
        }

        return new IntervalTensor((int[])x.Shape.Clone(), lo, hi);
    }

    public static double Relu(double v) => v > 0 ? v : 0;

    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>Y = alpha·op(A)·op(B) + beta·C with B a constant matrix.</summary>
    public static IntervalTensor Gemm(IntervalTensor a, IntervalTensor b, IntervalTensor? c, bool transA, bool transB, double alpha, double beta, string node)
    {
        if (a.Shape.Length != 2 || b.Shape.Length != 2)
        {
            throw new NetworkGraphException($"node '{node}' (Gemm): A and B must be matrices, are {IntervalTensor.Describe(a.Shape)} and {IntervalTensor.Describe(b.Shape)}");
        }

        var m = transA ? a.Shape[1] : a.Shape[0];
        var k = transA ? a.Shape[0] : a.Shape[1];
        var kb = transB ? b.Shape[1] : b.Shape[0];
        var n = transB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
        {
            throw new NetworkGraphException($"node '{node}' (Gemm): inner dimensions differ: A {IntervalTensor.Describe(a.Shape)}{(transA ? "ᵀ" : string.Empty)} · B {IntervalTensor.Describe(b.Shape)}{(transB ? "ᵀ" : string.Empty)}");
        }

        var y = Affine(a, b, m, k, n, transA, transB, alpha, node);
        if (c is null)
        {
            return y;
        }

        var scaled = beta == 1 ? c : Mul(c, IntervalTensor.Point([], [beta]), node);
        var sum = Add(y, scaled, node);
        if (sum.Shape.Length != 2 || sum.Shape[0] != m || sum.Shape[1] != n)
        {
            throw new NetworkGraphException($"node '{node}' (Gemm): C {IntervalTensor.Describe(c.Shape)} does not broadcast to [{m}, {n}]");
        }

        return sum;
    }

    /// <summary>A [..., K] · B [K, N] → [..., N], B constant.</summary>
    public static IntervalTensor MatMul(IntervalTensor a, IntervalTensor b, string node)
    {
        if (b.Shape.Length != 2 || a.Shape.Length < 1)
        {
            throw new NetworkGraphException($"node '{node}' (MatMul): only A [..., K] · B [K, N] with a constant matrix B is supported, got {IntervalTensor.Describe(a.Shape)} · {IntervalTensor.Describe(b.Shape)}");
        }

        var k = a.Shape[^1];
        if (k != b.Shape[0])
        {
            throw new NetworkGraphException($"node '{node}' (MatMul): inner dimensions differ: {IntervalTensor.Describe(a.Shape)} · {IntervalTensor.Describe(b.Shape)}");
        }

        var m = a.Length / Math.Max(k, 1);
        var n = b.Shape[1];
        var y = Affine(a, b, m, k, n, transA: false, transB: false, alpha: 1, node);
        int[] shape = [.. a.Shape[..^1], n];
        return new IntervalTensor(shape, y.Lo, y.Hi);
    }

    private static IntervalTensor Affine(IntervalTensor a, IntervalTensor b, int m, int k, int n, bool transA, bool transB, double alpha, string node)
    {
        if (!IsPoint(b))
        {
            throw new NetworkGraphException($"node '{node}': the weight matrix must be a constant (an initializer), not a computed value");
        }

        var lo = new double[m * n];
        var hi = new double[m * n];
        var centre = new double[k];
        var radius = new double[k];
        var absAlpha = Math.Abs(alpha);
        for (var row = 0; row < m; row++)
        {
            for (var i = 0; i < k; i++)
            {
                var index = transA ? (i * m) + row : (row * k) + i;
                centre[i] = (a.Lo[index] + a.Hi[index]) / 2;
                radius[i] = (a.Hi[index] - a.Lo[index]) / 2;
            }

            for (var col = 0; col < n; col++)
            {
                double c = 0, r = 0;
                for (var i = 0; i < k; i++)
                {
                    var w = transB ? b.Lo[(col * k) + i] : b.Lo[(i * n) + col];
                    c += w * centre[i];
                    r += Math.Abs(w) * radius[i];
                }

                c *= alpha;
                r *= absAlpha;
                lo[(row * n) + col] = c - r;
                hi[(row * n) + col] = c + r;
            }
        }

        return new IntervalTensor([m, n], lo, hi);
    }

    /// <summary>Concatenates along an axis.</summary>
    public static IntervalTensor Concat(IReadOnlyList<IntervalTensor> parts, int axis, string node)
    {
        var rank = parts[0].Shape.Length;
        if (axis < 0)
        {
            axis += rank;
        }

        if (axis < 0 || axis >= rank)
        {
            throw new NetworkGraphException($"node '{node}' (Concat): axis out of range for rank {rank}");
        }

        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = 0;
        foreach (var p in parts)
        {
            if (p.Shape.Length != rank || Enumerable.Range(0, rank).Any(d => d != axis && p.Shape[d] != parts[0].Shape[d]))
            {
                throw new NetworkGraphException($"node '{node}' (Concat): shapes {string.Join(" and ", parts.Select(q => IntervalTensor.Describe(q.Shape)))} differ outside axis {axis}");
            }

            shape[axis] += p.Shape[axis];
        }

        var outer = 1;
        for (var d = 0; d < axis; d++)
        {
            outer *= shape[d];
        }

        var lo = new double[IntervalTensor.Count(shape)];
        var hi = new double[lo.Length];
        var at = 0;
        for (var o = 0; o < outer; o++)
        {
            foreach (var p in parts)
            {
                var block = p.Length / Math.Max(outer, 1);
                Array.Copy(p.Lo, o * block, lo, at, block);
                Array.Copy(p.Hi, o * block, hi, at, block);
                at += block;
            }
        }

        return new IntervalTensor(shape, lo, hi);
    }

    public static bool IsPoint(IntervalTensor t)
    {
        for (var i = 0; i < t.Lo.Length; i++)
        {
            if (t.Lo[i] != t.Hi[i])
            {
                return false;
            }
        }

        return true;
    }

    private static (double Lo, double Hi) Extremes(double p, double q, double r, double s) =>
        (Math.Min(Math.Min(p, q), Math.Min(r, s)), Math.Max(Math.Max(p, q), Math.Max(r, s)));

    /// <summary>Numpy-style broadcasting of an element-wise interval function.</summary>
    private static IntervalTensor Broadcast(IntervalTensor a, IntervalTensor b, string node, Func<double, double, double, double, (double Lo, double Hi)> f)
    {
        var (shape, ia, ib) = Broadcasting.Indices(a.Shape, b.Shape, node);
        var lo = new double[ia.Length];
        var hi = new double[ia.Length];
        for (var i = 0; i < lo.Length; i++)
        {
            (lo[i], hi[i]) = f(a.Lo[ia[i]], a.Hi[ia[i]], b.Lo[ib[i]], b.Hi[ib[i]]);
        }

        return new IntervalTensor(shape, lo, hi);
    }
}
