using IndustrialSafeRL.Verification.Networks;

namespace IndustrialSafeRL.Verification.Bounds;

/// <summary>
/// Interval bound propagation with box splitting. Each sub-box's input intervals are pushed through the graph
/// (<see cref="NetworkGraph.Evaluate"/>); the box is proved when every output interval lies inside the limits,
/// refuted when some output interval lies wholly outside them, and otherwise searched for a concrete violating
/// point (centre, random vertices and random interior points, evaluated exactly) and bisected along its widest axis in scaled units.
/// Boxes are processed shallowest first, so a larger budget refines everything a smaller one did.
/// </summary>
public static class BoxVerifier
{
    /// <summary>Verifies the network over the box against the limits.</summary>
    public static BoxVerificationResult Verify(NetworkGraph network, InputBox box, OutputLimits limits, BoxVerifierOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(limits);
        options ??= new BoxVerifierOptions();
        options.Validate();
        limits.Validate(network.OutputLength);
        if (box.Mapping.Count != network.Inputs.Count)
        {
            throw new ArgumentException($"the box maps {box.Mapping.Count} inputs, the network has {network.Inputs.Count}", nameof(box));
        }

        var n = box.Dimensions.Count;
        var outputs = network.OutputLength;
        var low = new double[outputs];
        var high = new double[outputs];
        for (var j = 0; j < outputs; j++)
        {
            low[j] = limits.Low[j] - (options.Tolerance * Math.Max(1, Math.Abs(limits.Low[j])));
            high[j] = limits.High[j] + (options.Tolerance * Math.Max(1, Math.Abs(limits.High[j])));
        }

        var random = new Random(options.Seed);
        var queue = new PriorityQueue<(double[] Lo, double[] Hi, int Depth), (int, long)>();
        long sequence = 0;
        queue.Enqueue(([.. box.Dimensions.Select(d => d.Low)], [.. box.Dimensions.Select(d => d.High)], 0), (0, sequence++));
        double proved = 0, refuted = 0, unknown = 0;
        int evaluated = 0, depthReached = 0, withCounterexample = 0;
        Counterexample? worst = null;
        double[]? rootLow = null, rootHigh = null;
        // Shared coordinates (e.g. one value for every frame) are kept correlated through the affine front of the
        // network; with one coordinate per element plain intervals are already exact there and cheaper.
        var shared = box.Mapping.Sum(m => m.Length) > n;
        var point = new double[n];
        var undecided = new List<(double[] Lo, double[] Hi, double Volume)>();
        while (queue.TryDequeue(out var item, out _))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (lo, hi, depth) = item;
            var volume = Math.ScaleB(1.0, -depth);
            evaluated++;
            depthReached = Math.Max(depthReached, depth);
            var output = shared ? network.EvaluateBox(box.Mapping, lo, hi) : network.Evaluate(Intervals(network, box, lo, hi));
            rootLow ??= (double[])output.Lo.Clone();
            rootHigh ??= (double[])output.Hi.Clone();
            var inside = true;
            var outside = false;
            for (var j = 0; j < outputs; j++)
            {
                inside &= output.Lo[j] >= low[j] && output.Hi[j] <= high[j];
                outside |= output.Lo[j] > high[j] || output.Hi[j] < low[j];
            }

            if (inside)
            {
                proved += volume;
                continue;
            }

            // Look for a concrete violation: the centre, then random points of the box.
            var found = false;
            for (var s = 0; s <= options.SamplesPerBox; s++)
            {
                // The centre, then alternately a random vertex (where piecewise-linear networks take their
                // extremes most often) and a random interior point.
                for (var d = 0; d < n; d++)
                {
                    point[d] = s == 0 ? (lo[d] + hi[d]) / 2
                        : s % 2 == 1 ? (random.Next(2) == 0 ? lo[d] : hi[d])
                        : lo[d] + (random.NextDouble() * (hi[d] - lo[d]));
                }

                var inputs = box.Inputs(point);
                var y = network.EvaluatePoint(inputs);
                for (var j = 0; j < outputs; j++)
                {
                    var violation = Math.Max(low[j] - y[j], y[j] - high[j]);
                    if (violation > 0)
                    {
                        found = true;
                        if (worst is null || violation > worst.Violation)
                        {
                            worst = new Counterexample((double[])point.Clone(), inputs, y, j, violation);
                        }
                    }
                }

                if (found && worst is not null && !outside)
                {
                    break;
                }
            }

            if (found)
            {
                withCounterexample++;
            }

            if (outside)
            {
                refuted += volume;
                continue;
            }

            if (depth >= options.MaxDepth || evaluated + queue.Count + 2 > options.MaxBoxes)
            {
                unknown += volume;
                undecided.Add((lo, hi, volume));
                continue;
            }

            var axis = 0;
            var widest = -1.0;
            for (var d = 0; d < n; d++)
            {
                var width = (hi[d] - lo[d]) / box.Dimensions[d].Scale;
                if (width > widest)
                {
                    widest = width;
                    axis = d;
                }
            }

            if (widest <= 0)
            {
                // A point box that is neither proved nor refuted (the limits cut through its rounding slack).
                unknown += volume;
                undecided.Add((lo, hi, volume));
                continue;
            }

            var middle = (lo[axis] + hi[axis]) / 2;
            var leftHi = (double[])hi.Clone();
            leftHi[axis] = middle;
            var rightLo = (double[])lo.Clone();
            rightLo[axis] = middle;
            queue.Enqueue((lo, leftHi, depth + 1), (depth + 1, sequence++));
            queue.Enqueue((rightLo, hi, depth + 1), (depth + 1, sequence++));
        }

        // Sampling estimate of the violating share of the undecided volume, with a one-sided Hoeffding bound.
        var violations = 0;
        var samples = undecided.Count == 0 ? 0 : options.UnknownSamples;
        if (samples > 0)
        {
            var cumulative = new double[undecided.Count];
            var total = 0.0;
            for (var b = 0; b < undecided.Count; b++)
            {
                total += undecided[b].Volume;
                cumulative[b] = total;
            }

            for (var s = 0; s < samples; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var b = Array.BinarySearch(cumulative, random.NextDouble() * total);
                b = Math.Min(b < 0 ? ~b : b, undecided.Count - 1);
                var (lo, hi, _) = undecided[b];
                for (var d = 0; d < n; d++)
                {
                    point[d] = lo[d] + (random.NextDouble() * (hi[d] - lo[d]));
                }

                var inputs = box.Inputs(point);
                var y = network.EvaluatePoint(inputs);
                var violated = false;
                for (var j = 0; j < outputs; j++)
                {
                    var violation = Math.Max(low[j] - y[j], y[j] - high[j]);
                    if (violation > 0)
                    {
                        violated = true;
                        if (worst is null || violation > worst.Violation)
                        {
                            worst = new Counterexample((double[])point.Clone(), inputs, y, j, violation);
                        }
                    }
                }

                violations += violated ? 1 : 0;
            }
        }

        var shareBound = samples == 0
            ? 1.0
            : Math.Min(1, ((double)violations / samples) + Math.Sqrt(Math.Log(1 / (1 - options.Confidence)) / (2.0 * samples)));

        return new BoxVerificationResult
        {
            UnknownSamples = samples,
            UnknownViolations = violations,
            ViolationUpperBound = Math.Min(1, refuted + (unknown * shareBound)),
            Confidence = options.Confidence,
            ProvedFraction = proved,
            RefutedFraction = refuted,
            UnknownFraction = unknown,
            BoxesEvaluated = evaluated,
            DepthReached = depthReached,
            BoxesWithCounterexample = withCounterexample,
            Counterexample = worst,
            RootLow = rootLow ?? [],
            RootHigh = rootHigh ?? [],
        };
    }

    private static IntervalTensor[] Intervals(NetworkGraph network, InputBox box, double[] lo, double[] hi)
    {
        var result = new IntervalTensor[box.Mapping.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var map = box.Mapping[i];
            var l = new double[map.Length];
            var h = new double[map.Length];
            for (var e = 0; e < map.Length; e++)
            {
                l[e] = lo[map[e]];
                h[e] = hi[map[e]];
            }

            result[i] = new IntervalTensor(network.Inputs[i].Shape, l, h);
        }

        return result;
    }
}
