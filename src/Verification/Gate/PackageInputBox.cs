using System.Globalization;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Verification.Bounds;
using IndustrialSafeRL.Verification.Networks;

namespace IndustrialSafeRL.Verification.Gate;

/// <summary>
/// The input region a package is verified over, from its manifest: each observation tag ranges over its
/// dataSupport interval, or mean ± k·std of the normalisation when the support does not name it; the guide
/// input (if any) ranges over the action bounds. Widths are measured in units of the tag's std when splitting.
/// </summary>
public static class PackageInputBox
{
    /// <summary>Builds the box for the graph's inputs; <paramref name="ranges"/> replaces the range of the tags it
    /// names. Throws <see cref="ArgumentException"/> naming a mismatch or an unknown tag.</summary>
    public static InputBox Create(PolicyManifest manifest, NetworkGraph network, FrameMode frames, double stdMultiplier, IReadOnlyList<TagRange>? ranges = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(network);
        var tags = manifest.Observation.Tags;
        var length = manifest.Observation.HistoryLength;
        var oldestFirst = string.Equals(manifest.Observation.FrameOrder, "oldest-first", StringComparison.OrdinalIgnoreCase);
        var tagRanges = new (double Lo, double Hi, double Scale)[tags.Count];
        for (var d = 0; d < tags.Count; d++)
        {
            var std = manifest.Observation.Std[d];
            var scale = std > 0 && double.IsFinite(std) ? std : 1;
            var s = IndexOf(manifest.DataSupport.Tags, tags[d]);
            tagRanges[d] = s >= 0
                ? (manifest.DataSupport.Low[s], manifest.DataSupport.High[s], scale)
                : (manifest.Observation.Mean[d] - (stdMultiplier * scale), manifest.Observation.Mean[d] + (stdMultiplier * scale), scale);
        }

        foreach (var range in ranges ?? [])
        {
            var d = IndexOf(tags, range.Tag);
            if (d < 0)
            {
                throw new ArgumentException($"range for '{range.Tag}': not an observation tag of the package ({string.Join(", ", tags)})");
            }

            if (!double.IsFinite(range.Low) || !double.IsFinite(range.High) || range.Low > range.High)
            {
                throw new ArgumentException($"range for '{range.Tag}': [{range.Low}, {range.High}] is not a finite interval");
            }

            tagRanges[d] = (range.Low, range.High, tagRanges[d].Scale);
        }

        var dimensions = new List<BoxDimension>();
        var mapping = new List<int[]>();
        foreach (var (name, shape) in network.Inputs)
        {
            var count = IntervalTensor.Count(shape);
            if (name == manifest.Input.Name)
            {
                if (count != length * tags.Count)
                {
                    throw new ArgumentException($"graph input '{name}' {IntervalTensor.Describe(shape)} does not hold {length}×{tags.Count} values (observation.historyLength × observation.tags)");
                }

                var map = new int[count];
                if (frames == FrameMode.Same)
                {
                    var first = dimensions.Count;
                    for (var d = 0; d < tags.Count; d++)
                    {
                        dimensions.Add(new BoxDimension(tags[d], tagRanges[d].Lo, tagRanges[d].Hi, tagRanges[d].Scale));
                    }

                    for (var e = 0; e < count; e++)
                    {
                        map[e] = first + (e % tags.Count);
                    }
                }
                else
                {
                    for (var e = 0; e < count; e++)
                    {
                        var (frame, d) = Math.DivRem(e, tags.Count);
                        var age = oldestFirst ? length - 1 - frame : frame;
                        map[e] = dimensions.Count;
                        dimensions.Add(new BoxDimension(
                            string.Create(CultureInfo.InvariantCulture, $"{tags[d]}@t-{age}"), tagRanges[d].Lo, tagRanges[d].Hi, tagRanges[d].Scale));
                    }
                }

                mapping.Add(map);
            }
            else if (manifest.GuideInput is { } guide && name == guide.Name)
            {
                var actions = manifest.Action.Tags.Count;
                if (count != actions)
                {
                    throw new ArgumentException($"graph input '{name}' {IntervalTensor.Describe(shape)} does not hold {actions} values (one per action tag)");
                }

                var map = new int[count];
                for (var j = 0; j < count; j++)
                {
                    map[j] = dimensions.Count;
                    var lo = manifest.Action.Low[j];
                    var hi = manifest.Action.High[j];
                    dimensions.Add(new BoxDimension($"guide.{manifest.Action.Tags[j]}", lo, hi, hi > lo ? (hi - lo) / 2 : 1));
                }

                mapping.Add(map);
            }
            else
            {
                throw new ArgumentException($"graph input '{name}' is neither the manifest's input ('{manifest.Input.Name}') nor its guide input");
            }
        }

        return new InputBox(dimensions, mapping);
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A configured range for one observation tag in the verified box (raw units).</summary>
public sealed record TagRange(string Tag, double Low, double High);
