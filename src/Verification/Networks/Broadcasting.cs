namespace IndustrialSafeRL.Verification.Networks;

/// <summary>Numpy-style broadcasting: the output shape and, per output element, the source element of each operand.</summary>
internal static class Broadcasting
{
    public static (int[] Shape, int[] IndexA, int[] IndexB) Indices(int[] a, int[] b, string node)
    {
        var rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        var strideA = new int[rank];
        var strideB = new int[rank];
        int sa = 1, sb = 1;
        for (var d = rank - 1; d >= 0; d--)
        {
            var da = d - (rank - a.Length) >= 0 ? a[d - (rank - a.Length)] : 1;
            var db = d - (rank - b.Length) >= 0 ? b[d - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new NetworkGraphException($"node '{node}': shapes {IntervalTensor.Describe(a)} and {IntervalTensor.Describe(b)} do not broadcast");
            }

            shape[d] = Math.Max(da, db);
            strideA[d] = da == 1 ? 0 : sa;
            strideB[d] = db == 1 ? 0 : sb;
            sa *= da;
            sb *= db;
        }

        var count = IntervalTensor.Count(shape);
        var indexA = new int[count];
        var indexB = new int[count];
        var index = new int[rank];
        int ia = 0, ib = 0;
        for (var i = 0; i < count; i++)
        {
            indexA[i] = ia;
            indexB[i] = ib;
            for (var d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                ia += strideA[d];
                ib += strideB[d];
                if (index[d] < shape[d])
                {
                    break;
                }

                ia -= strideA[d] * shape[d];
                ib -= strideB[d] * shape[d];
                index[d] = 0;
            }
        }

        return (shape, indexA, indexB);
    }
}
