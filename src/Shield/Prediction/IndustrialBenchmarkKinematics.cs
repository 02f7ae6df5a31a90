namespace IndustrialSafeRL.Shield.Prediction;

/// <summary>
/// The Industrial Benchmark's known action effects (SPEC §3): each action component is clipped to [−1, 1], then
/// v ← clip(v + 1·a_v, 0, 100), g ← clip(g + 10·a_g, 0, 100), h ← clip(h + s_h·a_h, 0, 100) with
/// s_h = ((sin 15° / 0.9)·100)/5 ≈ 5.7515. Actions 0, 1, 2 drive velocity, gain, shift; the other observation
/// dimensions (setpoint, fatigue, consumption) are not modelled and are predicted unchanged.
/// </summary>
/// <param name="velocityIndex">Observation index of v (default 1 in (p, v, g, h, f, c)).</param>
/// <param name="gainIndex">Observation index of g (default 2).</param>
/// <param name="shiftIndex">Observation index of h (default 3).</param>
public sealed class IndustrialBenchmarkKinematics(int velocityIndex = 1, int gainIndex = 2, int shiftIndex = 3)
    : IStatePredictor
{
    /// <summary>Velocity step per unit action.</summary>
    public const double VelocityStep = 1.0;

    /// <summary>Gain step per unit action.</summary>
    public const double GainStep = 10.0;

    /// <summary>Lower bound of v, g, h.</summary>
    public const double SteeringMin = 0.0;

    /// <summary>Upper bound of v, g, h.</summary>
    public const double SteeringMax = 100.0;

    /// <summary>Shift step per unit action, evaluated exactly as the reference does.</summary>
    public static readonly double ShiftStep = Math.Sin(15.0 / 180.0 * Math.PI) / 0.9 * 100.0 / 5.0;

    private readonly int[] dims = [velocityIndex, gainIndex, shiftIndex];

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> observation, ReadOnlySpan<double> action, Span<double> predicted)
    {
        CheckLengths(observation.Length, action.Length, predicted.Length);
        observation.CopyTo(predicted);
        for (var i = 0; i < 3; i++)
        {
            var a = Math.Clamp(action[i], -1.0, 1.0);
            predicted[dims[i]] = Math.Clamp(observation[dims[i]] + Step(i) * a, SteeringMin, SteeringMax);
        }
    }

    /// <inheritdoc />
    public void ActionWindow(ReadOnlySpan<double> observation, ReadOnlySpan<double> lo, ReadOnlySpan<double> hi,
        Span<ActionInterval> window)
    {
        CheckLengths(observation.Length, window.Length, observation.Length);
        for (var i = 3; i < window.Length; i++)
        {
            window[i] = ActionInterval.Unconstrained;
        }

        for (var i = 0; i < 3; i++)
        {
            var d = dims[i];
            window[i] = Window(observation[d], Step(i), lo[d], hi[d], d);
        }
    }

    // next(a) = clip(x + s·clip(a, −1, 1), 0, 100) is non-decreasing in a, so the admissible set is an interval.
    private static ActionInterval Window(double x, double step, double lo, double hi, int dimension)
    {
        var min = double.NegativeInfinity;
        var max = double.PositiveInfinity;
        var feasible = true;
        var binds = false;

        // Lower bound: the clip at 0 already satisfies lo ≤ 0; otherwise need x + s·a ≥ lo.
        if (lo > SteeringMin)
        {
            var need = (lo - x) / step;
            if (need > 1.0 || lo > SteeringMax)
            {
                // Even full increase stays below lo: the largest increase leaves it least.
                min = 1.0;
                feasible = false;
                binds = true;
            }
            else if (need > -1.0)
            {
                min = need;
                binds = true;
            }
        }

        if (hi < SteeringMax)
        {
            var need = (hi - x) / step;
            if (need < -1.0 || hi < SteeringMin)
            {
                max = -1.0;
                feasible = false;
                binds = true;
            }
            else if (need < 1.0)
            {
                max = need;
                binds = true;
            }
        }

        if (min > max)
        {
            // Both sides infeasible at once cannot happen with lo ≤ hi; keep the interval well-formed regardless.
            max = min;
            feasible = false;
        }

        return new ActionInterval(min, max, binds ? dimension : -1, feasible);
    }

    private static double Step(int action) => action switch
    {
        0 => VelocityStep,
        1 => GainStep,
        _ => ShiftStep,
    };

    private void CheckLengths(int observationLength, int actionLength, int predictedLength)
    {
        if (actionLength < 3)
        {
            throw new ArgumentException($"IB kinematics: the action needs 3 components (v, g, h), got {actionLength}");
        }

        foreach (var d in dims)
        {
            if (d < 0 || d >= observationLength)
            {
                throw new ArgumentException($"IB kinematics: observation index {d} outside an observation of length {observationLength}");
            }
        }

        if (predictedLength != observationLength)
        {
            throw new ArgumentException($"IB kinematics: predicted has {predictedLength} values, observation {observationLength}");
        }
    }
}
