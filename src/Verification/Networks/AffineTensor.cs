namespace IndustrialSafeRL.Verification.Networks;

/// <summary>
/// A tensor whose every element is an affine function of the box coordinates: x[e] = Const[e] + Σ_d Coef[e, d]·u_d.
/// Carried through the linear front of a network (normalisation, reshapes, the first dense layer) so that inputs
/// sharing a box coordinate stay correlated; turned into intervals (exactly: centre ± Σ|coef|·radius) at the first
/// operator that is not affine.
/// </summary>
internal sealed class AffineTensor(int[] shape, double[] coef, double[] constant, int dimensions)
{
    public int[] Shape { get; } = shape;

    /// <summary>Row-major [elements, dimensions].</summary>
    public double[] Coef { get; } = coef;

    public double[] Const { get; } = constant;

    public int Dimensions { get; } = dimensions;

    public int Length => Const.Length;

    /// <summary>Each element reads one box coordinate.</summary>
    public static AffineTensor Select(int[] shape, int[] mapping, int dimensions)
    {
        var coef = new double[mapping.Length * dimensions];
        for (var e = 0; e < mapping.Length; e++)
        {
            coef[(e * dimensions) + mapping[e]] = 1;
        }

        return new AffineTensor(shape, coef, new double[mapping.Length], dimensions);
    }

    public AffineTensor WithShape(int[] shape) => new(shape, Coef, Const, Dimensions);

    /// <summary>The tightest interval of each element over the box centre ± radius.</summary>
    public IntervalTensor Concretise(double[] centre, double[] radius)
    {
        var lo = new double[Length];
        var hi = new double[Length];
        for (var e = 0; e < Length; e++)
        {
            double c = Const[e], r = 0;
            var row = e * Dimensions;
            for (var d = 0; d < Dimensions; d++)
            {
                var k = Coef[row + d];
                c += k * centre[d];
                r += Math.Abs(k) * radius[d];
            }

            lo[e] = c - r;
            hi[e] = c + r;
        }

        return new IntervalTensor((int[])Shape.Clone(), lo, hi);
    }

    /// <summary>Element-wise a ⊕ b with numpy broadcasting, b a point constant: add, or multiply by the constant.</summary>
    public static AffineTensor WithConstant(AffineTensor a, IntervalTensor b, bool multiply, bool constantFirst, string node)
    {
        var (shape, ia, ib) = Broadcasting.Indices(constantFirst ? b.Shape : a.Shape, constantFirst ? a.Shape : b.Shape, node);
        if (constantFirst)
        {
            (ia, ib) = (ib, ia);
        }

        var n = a.Dimensions;
        var coef = new double[ia.Length * n];
        var constant = new double[ia.Length];
        for (var e = 0; e < ia.Length; e++)
        {
            var v = b.Lo[ib[e]];
            var from = ia[e] * n;
            if (multiply)
            {
                for (var d = 0; d < n; d++)
                {
                    coef[(e * n) + d] = a.Coef[from + d] * v;
                }

                constant[e] = a.Const[ia[e]] * v;
            }
            else
            {
                Array.Copy(a.Coef, from, coef, e * n, n);
                constant[e] = a.Const[ia[e]] + v;
            }
        }

        return new AffineTensor(shape, coef, constant, n);
    }

    /// <summary>a + sign·b for two affine tensors of the same box.</summary>
    public static AffineTensor Combine(AffineTensor a, AffineTensor b, double sign, string node)
    {
        var (shape, ia, ib) = Broadcasting.Indices(a.Shape, b.Shape, node);
        var n = a.Dimensions;
        var coef = new double[ia.Length * n];
        var constant = new double[ia.Length];
        for (var e = 0; e < ia.Length; e++)
        {
            for (var d = 0; d < n; d++)
            {
                coef[(e * n) + d] = a.Coef[(ia[e] * n) + d] + (sign * b.Coef[(ib[e] * n) + d]);
            }

            constant[e] = a.Const[ia[e]] + (sign * b.Const[ib[e]]);
        }

        return new AffineTensor(shape, coef, constant, n);
    }

    /// <summary>alpha·A[m, k]·W (W constant [k, n] or [n, k] when transposed), rows of A affine.</summary>
    public static AffineTensor Dense(AffineTensor a, IntervalTensor w, int m, int k, int cols, bool transB, double alpha)
    {
        var n = a.Dimensions;
        var coef = new double[m * cols * n];
        var constant = new double[m * cols];
        for (var row = 0; row < m; row++)
        {
            for (var col = 0; col < cols; col++)
            {
                var target = ((row * cols) + col) * n;
                double c = 0;
                for (var i = 0; i < k; i++)
                {
                    var weight = alpha * (transB ? w.Lo[(col * k) + i] : w.Lo[(i * cols) + col]);
                    if (weight == 0)
                    {
                        continue;
                    }

                    var source = ((row * k) + i) * n;
                    for (var d = 0; d < n; d++)
                    {
                        coef[target + d] += weight * a.Coef[source + d];
                    }

                    c += weight * a.Const[(row * k) + i];
                }

                constant[(row * cols) + col] = c;
            }
        }

        return new AffineTensor([m, cols], coef, constant, n);
    }

    /// <summary>Concatenation along an axis (same rank, equal other dimensions; checked by the caller's dry run).</summary>
    public static AffineTensor Concat(IReadOnlyList<AffineTensor> parts, int axis)
    {
        var n = parts[0].Dimensions;
        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        var outer = 1;
        for (var d = 0; d < axis; d++)
        {
            outer *= shape[d];
        }

        var count = IntervalTensor.Count(shape);
        var coef = new double[count * n];
        var constant = new double[count];
        var at = 0;
        for (var o = 0; o < outer; o++)
        {
            foreach (var p in parts)
            {
                var block = p.Length / Math.Max(outer, 1);
                Array.Copy(p.Const, o * block, constant, at, block);
                Array.Copy(p.Coef, o * block * n, coef, at * n, block * n);
                at += block;
            }
        }

        return new AffineTensor(shape, coef, constant, n);
    }

    /// <summary>A constant as an affine tensor with no dependence on the box.</summary>
    public static AffineTensor FromConstant(IntervalTensor c, int dimensions) =>
        new((int[])c.Shape.Clone(), new double[c.Length * dimensions], (double[])c.Lo.Clone(), dimensions);
}
