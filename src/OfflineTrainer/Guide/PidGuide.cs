using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Guide;

/// <summary>PID guide over the history window, with e_t = target − x_t per action:
/// a = clip(Kp·e_newest + Ki·Σ_window e_t + Kd·(e_newest − e_previous), −1, 1). The integral is the sum over the
/// L frames the policy sees (a finite-memory integral), so the guide is a pure function of the window: no hidden
/// state, exportable into the policy graph, identical in training and deployment.</summary>
public sealed class PidGuide : GuideController
{
    /// <summary>Creates the PID.</summary>
    public PidGuide(IReadOnlyList<int> observationIndex, IReadOnlyList<double> targets, IReadOnlyList<double> kp, IReadOnlyList<double> ki, IReadOnlyList<double> kd)
        : base("pid", observationIndex, targets)
    {
        foreach (var (gains, name) in new[] { (kp, nameof(kp)), (ki, nameof(ki)), (kd, nameof(kd)) })
        {
            ArgumentNullException.ThrowIfNull(gains, name);
            if (gains.Count != targets.Count || gains.Any(g => !double.IsFinite(g)))
            {
                throw new ArgumentException($"PID gains {name} must be {targets.Count} finite values", name);
            }
        }

        Kp = [.. kp];
        Ki = [.. ki];
        Kd = [.. kd];
    }

    /// <summary>Proportional gains.</summary>
    public IReadOnlyList<double> Kp { get; }

    /// <summary>Integral gains (on the window sum of the error).</summary>
    public IReadOnlyList<double> Ki { get; }

    /// <summary>Derivative gains (on the last change of the error; 0 with a one-frame window).</summary>
    public IReadOnlyList<double> Kd { get; }

    /// <inheritdoc />
    public override Tensor Act(Tensor history)
    {
        ArgumentNullException.ThrowIfNull(history);
        using var scope = NewDisposeScope();
        var l = history.shape[^2];
        var error = tensor(Targets.Select(v => (float)v).ToArray()) - history;
        var newest = error.select(-2, l - 1);
        var u = (newest * Vector(Kp)) + (error.sum(-2) * Vector(Ki));
        if (l > 1)
        {
            u = u + ((newest - error.select(-2, l - 2)) * Vector(Kd));
        }

        return u.clamp(-1, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override void Act(ReadOnlySpan<double> history, Span<double> action)
    {
        var a = Actions;
        var l = history.Length / a;
        for (var j = 0; j < a; j++)
        {
            var sum = 0.0;
            for (var t = 0; t < l; t++)
            {
                sum += Targets[j] - history[(t * a) + j];
            }

            var newest = Targets[j] - history[((l - 1) * a) + j];
            var u = (Kp[j] * newest) + (Ki[j] * sum);
            if (l > 1)
            {
                u += Kd[j] * (newest - (Targets[j] - history[((l - 2) * a) + j]));
            }

            action[j] = Math.Clamp(u, -1, 1);
        }
    }

    private static Tensor Vector(IReadOnlyList<double> values) => tensor(values.Select(v => (float)v).ToArray());
}
