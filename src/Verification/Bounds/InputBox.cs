namespace IndustrialSafeRL.Verification.Bounds;

/// <summary>One axis of the verified input region: a named range and the scale that makes widths comparable.</summary>
/// <param name="Name">What the axis is, e.g. <c>velocity</c> or <c>velocity@t-3</c>.</param>
/// <param name="Low">Lower end.</param>
/// <param name="High">Upper end.</param>
/// <param name="Scale">Unit of width when choosing the axis to split (e.g. the tag's standard deviation).</param>
public sealed record BoxDimension(string Name, double Low, double High, double Scale = 1);

/// <summary>
/// The input region to verify: a box over <see cref="Dimensions"/>, and for every element of every network input
/// the dimension that element takes its value from. Several elements may share one dimension (e.g. the same tag
/// value in every frame of a history).
/// </summary>
public sealed class InputBox
{
    /// <summary>Creates the box; throws <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public InputBox(IReadOnlyList<BoxDimension> dimensions, IReadOnlyList<int[]> mapping)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(mapping);
        for (var d = 0; d < dimensions.Count; d++)
        {
            var dim = dimensions[d];
            if (!double.IsFinite(dim.Low) || !double.IsFinite(dim.High) || dim.Low > dim.High)
            {
                throw new ArgumentException($"box dimension {d} ('{dim.Name}'): [{dim.Low}, {dim.High}] is not a finite interval", nameof(dimensions));
            }

            if (!(dim.Scale > 0) || !double.IsFinite(dim.Scale))
            {
                throw new ArgumentException($"box dimension {d} ('{dim.Name}'): scale {dim.Scale} must be positive", nameof(dimensions));
            }
        }

        for (var i = 0; i < mapping.Count; i++)
        {
            for (var e = 0; e < mapping[i].Length; e++)
            {
                if ((uint)mapping[i][e] >= (uint)dimensions.Count)
                {
                    throw new ArgumentException($"input {i} element {e} maps to dimension {mapping[i][e]}, the box has {dimensions.Count}", nameof(mapping));
                }
            }
        }

        Dimensions = dimensions;
        Mapping = mapping;
    }

    /// <summary>The axes of the box.</summary>
    public IReadOnlyList<BoxDimension> Dimensions { get; }

    /// <summary>Per network input, per element: the index of the dimension it reads.</summary>
    public IReadOnlyList<int[]> Mapping { get; }

    /// <summary>The network inputs at a point of the box (one coordinate per dimension).</summary>
    public double[][] Inputs(ReadOnlySpan<double> point)
    {
        var result = new double[Mapping.Count][];
        for (var i = 0; i < Mapping.Count; i++)
        {
            var map = Mapping[i];
            var values = new double[map.Length];
            for (var e = 0; e < map.Length; e++)
            {
                values[e] = point[map[e]];
            }

            result[i] = values;
        }

        return result;
    }
}
