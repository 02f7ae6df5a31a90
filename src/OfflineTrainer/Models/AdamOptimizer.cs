using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Models;

/// <summary>Adam (β1 0.9, β2 0.999, ε 1e-8) with global gradient-norm clipping. Written out so that its
/// moments are part of a checkpoint and an interrupted run resumes bit-for-bit.</summary>
public sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;

    /// <summary>Creates zero moments for the parameters.</summary>
    public AdamOptimizer(IReadOnlyList<Parameter> parameters, double learningRate, double? gradientClip = null)
    {
        _parameters = parameters;
        LearningRate = learningRate;
        GradientClip = gradientClip;
        _m = [.. parameters.Select(p => zeros_like(p).detach())];
        _v = [.. parameters.Select(p => zeros_like(p).detach())];
    }

    /// <summary>Step size.</summary>
    public double LearningRate { get; set; }

    /// <summary>Global gradient-norm limit, or null.</summary>
    public double? GradientClip { get; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Clears gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            if (p.grad is { } g)
            {
                g.zero_();
            }
        }
    }

    /// <summary>Applies one update from the current gradients; returns the gradient norm before clipping.</summary>
    public double Step()
    {
        using var scope = NewDisposeScope();
        return Step([.. _parameters.Select(p => p.grad ?? zeros_like(p))]);
    }

    /// <summary>Applies one update from the given gradients (parameter order); returns their norm before clipping.</summary>
    public double Step(IReadOnlyList<Tensor> grads)
    {
        ArgumentNullException.ThrowIfNull(grads);
        if (grads.Count != _parameters.Count)
        {
            throw new ArgumentException($"{grads.Count} gradients for {_parameters.Count} parameters", nameof(grads));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        StepCount++;
        var norm = Math.Sqrt(grads.Sum(g => g.square().sum().item<float>()));
        var scale = GradientClip is { } clip && norm > clip ? clip / norm : 1.0;
        var correction1 = 1 - Math.Pow(Beta1, StepCount);
        var correction2 = 1 - Math.Pow(Beta2, StepCount);
        var stepSize = LearningRate / correction1;
        for (var i = 0; i < _parameters.Count; i++)
        {
            var g = scale == 1.0 ? grads[i] : grads[i] * scale;
            _m[i].mul_(Beta1).add_(g, alpha: 1 - Beta1);
            _v[i].mul_(Beta2).addcmul_(g, g, value: 1 - Beta2);
            var denominator = (_v[i] / correction2).sqrt_().add_(Epsilon);
            _parameters[i].addcdiv_(_m[i], denominator, value: -stepSize);
        }

        return norm;
    }

    /// <summary>Moments and step count (checkpoints).</summary>
    public (long Step, float[][] M, float[][] V) Snapshot() =>
        (StepCount, [.. _m.Select(t => t.data<float>().ToArray())], [.. _v.Select(t => t.data<float>().ToArray())]);

    /// <summary>Restores a <see cref="Snapshot"/>.</summary>
    public void Restore(long step, float[][] m, float[][] v)
    {
        if (m.Length != _m.Length || v.Length != _v.Length)
        {
            throw new InvalidDataException("optimizer snapshot does not match the parameters");
        }

        using var noGrad = no_grad();
        StepCount = step;
        for (var i = 0; i < _m.Length; i++)
        {
            using var mi = tensor(m[i], _m[i].shape);
            using var vi = tensor(v[i], _v[i].shape);
            _m[i].copy_(mi);
            _v[i].copy_(vi);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _m.Concat(_v))
        {
            t.Dispose();
        }
    }
}
