namespace IndustrialSafeRL.Verification.Networks;

/// <summary>
/// A tensor of intervals [Lo[i], Hi[i]] in row-major order. A point tensor has Lo = Hi. Int64 constants (shapes)
/// travel in <see cref="Int64s"/>.
/// </summary>
public sealed class IntervalTensor
{
    /// <summary>Creates an interval tensor; the arrays are taken, not copied.</summary>
    public IntervalTensor(int[] shape, double[] lo, double[] hi)
    {
        Shape = shape;
        Lo = lo;
        Hi = hi;
        Int64s = null;
    }

    private IntervalTensor(int[] shape, long[] values)
    {
        Shape = shape;
        Int64s = values;
        Lo = [];
        Hi = [];
    }

    /// <summary>Dimensions.</summary>
    public int[] Shape { get; }

    /// <summary>Lower bounds.</summary>
    public double[] Lo { get; }

    /// <summary>Upper bounds.</summary>
    public double[] Hi { get; }

    /// <summary>Values of an int64 constant, else null.</summary>
    public long[]? Int64s { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Int64s?.Length ?? Lo.Length;

    /// <summary>A point tensor (every interval has zero width).</summary>
    public static IntervalTensor Point(int[] shape, double[] values) => new(shape, values, (double[])values.Clone());

    /// <summary>An int64 constant.</summary>
    public static IntervalTensor FromInt64s(int[] shape, long[] values) => new(shape, values);

    /// <summary>Number of elements of a shape.</summary>
    public static int Count(int[] shape)
    {
        var n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        return n;
    }

    /// <summary>The shape as text, e.g. <c>[1, 30, 6]</c>.</summary>
    public static string Describe(IReadOnlyList<int> shape) => $"[{string.Join(", ", shape)}]";
}
