using IndustrialSafeRL.Shield.Prediction;

namespace IndustrialSafeRL.Shield.Tests;

public sealed class IndustrialBenchmarkKinematicsTests
{
    private static readonly IndustrialBenchmarkKinematics Kinematics = new();

    [Fact]
    public void Shift_step_is_the_reference_constant()
    {
        // SPEC §2: s_h = ((sin 15° / 0.9)·100)/5 ≈ 5.75153433561157.
        Assert.Equal(5.75153433561157, IndustrialBenchmarkKinematics.ShiftStep, 13);
    }

    [Fact]
    public void Prediction_is_the_clipped_add_of_the_spec()
    {
        double[] obs = [70, 99.5, 95, 3, 120, 250];
        var next = new double[6];
        Kinematics.Predict(obs, [2.0, 0.7, -0.5], next);
        // v: action clipped to 1 then v clipped to 100; g: 95 + 7 → 100; h: 3 − 2.8758 → 0.1242.
        Assert.Equal([70, 100, 100, 3 - (0.5 * IndustrialBenchmarkKinematics.ShiftStep), 120, 250], next);
        Kinematics.Predict(obs, [-0.25, -3, -1], next);
        Assert.Equal([70, 99.25, 85, 0, 120, 250], next);
    }

    [Fact]
    public void Every_action_inside_the_window_predicts_inside_and_every_action_outside_predicts_outside()
    {
        var random = new Random(42);
        var window = new ActionInterval[3];
        var next = new double[6];
        for (var n = 0; n < 20_000; n++)
        {
            double[] obs = [random.NextDouble() * 100, random.NextDouble() * 100, random.NextDouble() * 100, random.NextDouble() * 100, 0, 0];
            var lo = new double[6];
            var hi = new double[6];
            for (var d = 0; d < 6; d++)
            {
                var a = (random.NextDouble() * 120) - 10;
                var b = (random.NextDouble() * 120) - 10;
                (lo[d], hi[d]) = (Math.Min(a, b), Math.Max(a, b));
            }

            Kinematics.ActionWindow(obs, lo, hi, window);
            for (var i = 0; i < 3; i++)
            {
                var w = window[i];
                var d = i + 1;
                var probe = new double[3];
                if (w.Feasible)
                {
                    // Inside: both ends and a middle point (infinite ends probed at ±2, which the IB clips to ±1).
                    foreach (var a in new[] { Finite(w.Min), Finite(w.Max), (Finite(w.Min) + Finite(w.Max)) / 2 })
                    {
                        probe[i] = a;
                        Kinematics.Predict(obs, probe, next);
                        Assert.InRange(next[d], lo[d] - 1e-9, hi[d] + 1e-9);
                    }

                    // Just outside a finite end: the prediction leaves the bounds.
                    if (double.IsFinite(w.Max) && w.Max < 1)
                    {
                        probe[i] = w.Max + 1e-6;
                        Kinematics.Predict(obs, probe, next);
                        Assert.True(next[d] > hi[d], $"n={n} i={i}: above the window must exceed hi");
                    }

                    if (double.IsFinite(w.Min) && w.Min > -1)
                    {
                        probe[i] = w.Min - 1e-6;
                        Kinematics.Predict(obs, probe, next);
                        Assert.True(next[d] < lo[d], $"n={n} i={i}: below the window must fall below lo");
                    }
                }
                else
                {
                    // Infeasible: no action in [−1, 1] lands inside, and the window's action is the least-violating one.
                    for (var a = -1.0; a <= 1.0; a += 0.125)
                    {
                        probe[i] = a;
                        Kinematics.Predict(obs, probe, next);
                        Assert.True(next[d] < lo[d] || next[d] > hi[d]);
                    }

                    Assert.True(w.Min == 1 || w.Max == -1);
                }
            }
        }
    }

    private static double Finite(double x) => double.IsFinite(x) ? x : Math.Sign(x) * 2;
}
