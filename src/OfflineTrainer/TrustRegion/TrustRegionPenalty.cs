using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.TrustRegion;

/// <summary>β_k and the minibatch max D_k at one main-phase step (β before its update).</summary>
/// <param name="Step">Search step.</param>
/// <param name="Beta">β_k used in the step's loss.</param>
/// <param name="MaxDivergence">max D_k on the step's minibatch of logged windows.</param>
public sealed record TrustRegionStep(int Step, double[] Beta, double[] MaxDivergence);

/// <summary>The FixPO main-phase term of the policy-search loss: (1/K)·Σ_k β_k·|J|₀·mean_{s∈B} D_k(s) on a minibatch B of
/// logged windows drawn from (seed, step), followed after the gradient step by the β update on the same minibatch's
/// max D_k. β is relative to |J| at initialisation, like α_s, so one default fits plants of any reward scale.</summary>
public sealed class TrustRegionPenalty(PolicyDivergence divergence, TrustRegionConfig config, long seed)
{
    private double[]? _pendingMax;
    private int _pendingStep = -1;
    private double[] _pendingBeta = [];

    /// <summary>D on the logged windows.</summary>
    public PolicyDivergence Divergence { get; } = divergence ?? throw new ArgumentNullException(nameof(divergence));

    /// <summary>The settings.</summary>
    public TrustRegionConfig Config { get; } = config ?? throw new ArgumentNullException(nameof(config));

    /// <summary>β_k.</summary>
    public TrustRegionMultiplier Multiplier { get; } = new(divergence.Policies, config.InitialBeta, config.BetaLearningRate, config.Epsilon, config.CBeta);

    /// <summary>β and minibatch max D of every main-phase step so far.</summary>
    public List<TrustRegionStep> History { get; } = [];

    /// <summary>The loss term of step <paramref name="step"/> (with gradient); <paramref name="scale"/> is |J|₀.</summary>
    public Tensor Term(PolicySet policies, int step, double scale)
    {
        ArgumentNullException.ThrowIfNull(policies);
        using var scope = NewDisposeScope();
        using var indices = tensor(Divergence.SampleIndices(seed, step, Config.Batch));
        var d = Divergence.On(policies, indices);
        _pendingMax = [.. d.detach().amax(1).data<float>().ToArray().Select(v => (double)v)];
        _pendingStep = step;
        _pendingBeta = [.. Multiplier.Beta];
        var beta = tensor(_pendingBeta.Select(b => (float)(b * scale)).ToArray());
        return ((beta * d.mean([1])).sum() / policies.Count).MoveToOuterDisposeScope();
    }

    /// <summary>After the policies' gradient step: updates β from the step's minibatch max D and records the step.</summary>
    public void AfterStep(int step)
    {
        if (_pendingMax is null || _pendingStep != step)
        {
            throw new InvalidOperationException($"trust region: step {step} was not preceded by its loss term");
        }

        History.Add(new TrustRegionStep(step, _pendingBeta, _pendingMax));
        Multiplier.Update(_pendingMax);
        _pendingMax = null;
    }
}
