using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Guide;

/// <summary>Set-point guide a_j = clip((target_j − x_j)/scale_j, −1, 1) on the newest frame: the IB's behaviour
/// controllers exactly (mediocre: targets 25, 25, 25, scales 1, 10, 5.75 on velocity, gain, shift).</summary>
public sealed class SetPointGuide : GuideController
{
    /// <summary>Creates the controller; <paramref name="kind"/> is <c>setpoint</c>, or <c>tag</c> when it stands in
    /// for a PLC controller in training.</summary>
    public SetPointGuide(string kind, IReadOnlyList<int> observationIndex, IReadOnlyList<double> targets, IReadOnlyList<double> scales)
        : base(kind, observationIndex, targets)
    {
        ArgumentNullException.ThrowIfNull(scales);
        if (scales.Count != targets.Count || scales.Any(s => !(s > 0) || !double.IsFinite(s)))
        {
            throw new ArgumentException($"set-point scales must be {targets.Count} positive finite values", nameof(scales));
        }

        Scales = [.. scales];
    }

    /// <summary>Raw error per unit of action, per action.</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <inheritdoc />
    public override Tensor Act(Tensor history)
    {
        ArgumentNullException.ThrowIfNull(history);
        using var scope = NewDisposeScope();
        var newest = history.select(-2, history.shape[^2] - 1);
        var target = tensor(Targets.Select(v => (float)v).ToArray());
        var scale = tensor(Scales.Select(v => (float)v).ToArray());
        return ((target - newest) / scale).clamp(-1, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override void Act(ReadOnlySpan<double> history, Span<double> action)
    {
        var a = Actions;
        var newest = history[^a..];
        for (var j = 0; j < a; j++)
        {
            action[j] = Math.Clamp((Targets[j] - newest[j]) / Scales[j], -1, 1);
        }
    }
}
