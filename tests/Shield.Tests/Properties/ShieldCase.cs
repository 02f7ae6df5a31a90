using System.Globalization;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Prediction;

namespace IndustrialSafeRL.Shield.Tests.Properties;

/// <summary>
/// One random shield situation: engineering and operator limits, move limits, increment flags, envelope, guide
/// bound, observation, plant values, proposed and guide actions. Built from a seed so a failing case can be
/// replayed from the seed FsCheck prints; values favour the edges (exact bounds, the plant's own value).
/// </summary>
public sealed class ShieldCase
{
    public const int Actions = 3;
    public const int Dims = 6; // (p, v, g, h, f, c); actions 0..2 drive v, g, h through the IB kinematics

    public static readonly IndustrialBenchmarkKinematics Kinematics = new();

    public int Seed { get; init; }
    public required ShieldOptions Options { get; init; }
    public required PolicyEnvelope Envelope { get; init; }
    public required double[] Observation { get; init; }
    public required double[] Current { get; init; }
    public required double[] Proposed { get; init; }
    public double[]? Guide { get; init; }
    public bool Stale { get; init; }

    public ActionShield Build() => new(Options, Envelope, Kinematics);

    public ActuatorLimits Limits(int i) => Options.Actuators[i];

    /// <summary>A random case; window settings never latch within a couple of decisions.</summary>
    public static ShieldCase Random(int seed)
    {
        var r = new Random(seed);
        var actuators = new List<ActuatorLimits>();
        for (var i = 0; i < Actions; i++)
        {
            var ibLike = r.NextDouble() < 0.3;
            var min = ibLike ? -1 : Math.Round(-10 + (r.NextDouble() * 10), r.Next(0, 4));
            var width = ibLike ? 2 : r.NextDouble() < 0.03 ? 0 : 0.01 + (r.NextDouble() * 20);
            var max = min + width;
            var a = new ActuatorLimits
            {
                Tag = $"a{i}",
                Min = min,
                Max = max,
                MaxMovePerCycle = r.NextDouble() < 0.3 ? double.PositiveInfinity : (width + 0.01) * (0.01 + r.NextDouble()),
                IsIncrement = r.NextDouble() < 0.3,
            };
            if (r.NextDouble() < 0.5)
            {
                var x = Between(r, min, max);
                var y = Between(r, min, max);
                (a.OperatorMin, a.OperatorMax) = (Math.Min(x, y), Math.Max(x, y));
            }

            actuators.Add(a);
        }

        var lo = new double[Dims];
        var hi = new double[Dims];
        for (var d = 0; d < Dims; d++)
        {
            var steering = d is >= 1 and <= 3;
            lo[d] = steering ? r.NextDouble() * 100 : -50 + (r.NextDouble() * 100);
            hi[d] = lo[d] + (r.NextDouble() * (steering ? 100 - lo[d] : 100));
            if (r.NextDouble() < 0.1)
            {
                lo[d] = double.NegativeInfinity;
            }

            if (r.NextDouble() < 0.1)
            {
                hi[d] = double.PositiveInfinity;
            }
        }

        double[]? guideBound = r.NextDouble() < 0.4 ? null
            : [.. actuators.Select(a => r.NextDouble() < 0.2 ? double.PositiveInfinity : r.NextDouble() * (a.Max - a.Min + 0.1))];

        var options = new ShieldOptions
        {
            Actuators = actuators,
            InterventionWindowCycles = 1000,
            MaxInterventionsInWindow = 1000,
            DataSupportMargin = r.NextDouble() * 0.2,
            OutOfSupport = r.NextDouble() < 0.5 ? OutOfSupportBehaviour.Shed : OutOfSupportBehaviour.Hold,
        };

        var observation = new double[Dims];
        for (var d = 0; d < Dims; d++)
        {
            var l = double.IsFinite(lo[d]) ? lo[d] : (double.IsFinite(hi[d]) ? hi[d] : 0) - 100;
            var h = double.IsFinite(hi[d]) ? hi[d] : l + 200;
            var span = h - l;
            observation[d] = r.NextDouble() < 0.85 ? Between(r, l, h) : Between(r, l - (0.5 * span) - 1, h + (0.5 * span) + 1);
            if (d is >= 1 and <= 3)
            {
                observation[d] = Math.Clamp(observation[d], 0, 100);
            }
        }

        var current = new double[Actions];
        var proposed = new double[Actions];
        double[]? guide = r.NextDouble() < 0.5 ? new double[Actions] : null;
        for (var i = 0; i < Actions; i++)
        {
            var a = actuators[i];
            var width = a.Max - a.Min;
            var u = r.NextDouble();
            current[i] = u < 0.88 ? Between(r, a.Min, a.Max) : u < 0.95 ? (r.NextDouble() < 0.5 ? a.Min : a.Max)
                : a.Max + 0.01 + (r.NextDouble() * width);
            var v = r.NextDouble();
            proposed[i] = v < 0.3 ? Between(r, a.Min, a.Max)
                : v < 0.6 ? Between(r, a.Min - (2 * width) - 1, a.Max + (2 * width) + 1)
                : v < 0.75 ? current[i]
                : v < 0.85 ? (r.NextDouble() < 0.5 ? a.OperatorMin ?? a.Min : a.OperatorMax ?? a.Max)
                : current[i] + ((r.NextDouble() - 0.5) * 2 * Math.Min(a.MaxMovePerCycle, width + 1));
            if (guide is not null)
            {
                guide[i] = Between(r, a.Min - (0.5 * width), a.Max + (0.5 * width));
            }
        }

        return new ShieldCase
        {
            Seed = seed,
            Options = options,
            Envelope = new PolicyEnvelope($"case-{seed}", lo, hi, guideBound),
            Observation = observation,
            Current = current,
            Proposed = proposed,
            Guide = guide,
            Stale = r.NextDouble() < 0.01,
        };
    }

    /// <summary>
    /// A case whose proposed action is safe by construction: the plant inside its limits, the state inside the
    /// support, and the action inside the operator limits, the move limit, the guide bound and the look-ahead box.
    /// </summary>
    public static ShieldCase Safe(int seed)
    {
        var r = new Random(seed);
        var actuators = new List<ActuatorLimits>();
        var current = new double[Actions];
        var safe = new double[Actions];
        var guide = r.NextDouble() < 0.5 ? new double[Actions] : null;
        var guideBound = guide is null ? null : new double[Actions];
        for (var i = 0; i < Actions; i++)
        {
            var min = -10 + (r.NextDouble() * 10);
            var max = min + (r.NextDouble() < 0.05 ? 0 : r.NextDouble() * 20);
            current[i] = r.NextDouble() < 0.1 ? min : Between(r, min, max);
            // Holding the plant must always pass (bumpless); otherwise any point inside the limits.
            safe[i] = r.NextDouble() < 0.2 ? current[i] : Between(r, min, max);
            var move = Math.Abs(safe[i] - current[i]);
            var x = Between(r, min, safe[i]);
            var y = Between(r, safe[i], max);
            actuators.Add(new ActuatorLimits
            {
                Tag = $"a{i}",
                Min = min,
                Max = max,
                MaxMovePerCycle = r.NextDouble() < 0.3 ? double.PositiveInfinity : move + 1e-9 + (r.NextDouble() * 3),
                OperatorMin = r.NextDouble() < 0.2 ? safe[i] : x,
                OperatorMax = r.NextDouble() < 0.2 ? safe[i] : y,
                IsIncrement = r.NextDouble() < 0.3,
            });
            if (guide is not null)
            {
                guide[i] = safe[i] + ((r.NextDouble() - 0.5) * 4);
                guideBound![i] = Math.Abs(guide[i] - safe[i]) + 1e-9 + (r.NextDouble() * 2);
            }
        }

        var observation = new double[Dims];
        for (var d = 0; d < Dims; d++)
        {
            observation[d] = d is >= 1 and <= 3 ? r.NextDouble() * 100 : -50 + (r.NextDouble() * 100);
        }

        var predicted = new double[Dims];
        Kinematics.Predict(observation, safe, predicted);
        var lo = new double[Dims];
        var hi = new double[Dims];
        for (var d = 0; d < Dims; d++)
        {
            // Strict slack keeps rounding in the window computation from touching the safe action.
            lo[d] = Math.Min(observation[d], predicted[d]) - 1e-6 - (r.NextDouble() * 20);
            hi[d] = Math.Max(observation[d], predicted[d]) + 1e-6 + (r.NextDouble() * 20);
        }

        return new ShieldCase
        {
            Seed = seed,
            Options = new ShieldOptions
            {
                Actuators = actuators,
                InterventionWindowCycles = 1000,
                MaxInterventionsInWindow = 1000,
                DataSupportMargin = r.NextDouble() * 0.2,
                OutOfSupport = r.NextDouble() < 0.5 ? OutOfSupportBehaviour.Shed : OutOfSupportBehaviour.Hold,
            },
            Envelope = new PolicyEnvelope($"safe-{seed}", lo, hi, guideBound),
            Observation = observation,
            Current = current,
            Proposed = safe,
            Guide = guide,
        };
    }

    public override string ToString()
    {
        static string Show(IEnumerable<double>? v) =>
            v is null ? "none" : "[" + string.Join(", ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var limits = string.Join("; ", Options.Actuators.Select(a =>
            $"{a.Tag} [{a.Min}, {a.Max}] op [{a.OperatorMin}, {a.OperatorMax}] move {a.MaxMovePerCycle} inc {a.IsIncrement}"));
        return $"seed {Seed}: {limits}; lo {Show(Envelope.Lo)} hi {Show(Envelope.Hi)} guideBound {Show(Envelope.GuideDeviationBound)}; " +
               $"obs {Show(Observation)} current {Show(Current)} proposed {Show(Proposed)} guide {Show(Guide)} stale {Stale} " +
               $"margin {Options.DataSupportMargin} {Options.OutOfSupport}";
    }

    private static double Between(Random r, double lo, double hi) => r.Next(8) switch
    {
        0 => lo,
        1 => hi,
        _ => lo + (r.NextDouble() * (hi - lo)),
    };
}
