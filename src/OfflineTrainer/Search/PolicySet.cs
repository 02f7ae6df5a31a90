using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Guide;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>K deterministic policies π_k(s) = tanh(MLP_k(normalised window)), actions in [-1, 1] (scaled to the
/// action bounds at export), evaluated as one batched network. With a local guide (PAG, DESIGN §5.5) the network
/// ξ_k sees the window and the guide action and only perturbs it:
/// π_k(s) = clip(a_g(s) + Φ(1−β)·tanh(ξ_k(s, a_g(s))), −1, 1), so |π_k(s) − a_g(s)| ≤ Φ(1−β) per action. With a
/// confidence box (<see cref="GuideConfidenceConfig"/>) the guided action is mixed with the free one by λ(s):
/// π_k(s) = clip(λ(s)·(a_g(s) + Φ(1−β)·tanh ξ_k) + (1 − λ(s))·tanh ξ_k, −1, 1).</summary>
public sealed class PolicySet : IDisposable
{
    private readonly Tensor? _guideIndex;
    private readonly Tensor? _guideMean;
    private readonly Tensor? _guideStd;
    private readonly Tensor? _confidenceIndex; // newest-frame column of each box tag in the window
    private readonly Tensor? _confidenceMean;
    private readonly Tensor? _confidenceStd;
    private readonly Tensor? _confidenceLow;
    private readonly Tensor? _confidenceHigh;
    private readonly Tensor? _confidenceRamp;
    private double _beta = 1;

    /// <summary>Creates K policies with random weights, perturbing <paramref name="guide"/> by at most
    /// <paramref name="phi"/>·(1 − <see cref="Beta"/>) when one is given.</summary>
    public PolicySet(PlantLayout layout, int policies, IReadOnlyList<int> hidden, long seed, GuideController? guide = null, double phi = 0.5,
        GuideConfidenceConfig? confidence = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        Guide = guide;
        Phi = phi;
        if (guide is not null)
        {
            if (guide.Actions != layout.ActionWidth)
            {
                throw new ArgumentException($"the guide has {guide.Actions} actions, the plant {layout.ActionWidth}", nameof(guide));
            }

            if (!(phi is > 0 and <= 2))
            {
                throw new ArgumentOutOfRangeException(nameof(phi), phi, "Φ must be in (0, 2]");
            }

            _guideIndex = tensor(guide.ObservationIndex.Select(i => (long)i).ToArray());
            _guideMean = tensor(guide.ObservationIndex.Select(i => (float)layout.ObservationMean[i]).ToArray());
            _guideStd = tensor(guide.ObservationIndex.Select(i => (float)layout.ObservationStd[i]).ToArray());
            if (confidence is not null)
            {
                confidence.Validate();
                ConfidenceTags = confidence.Resolve(layout);
                Confidence = confidence;
                var newest = (layout.HistoryLength - 1) * layout.ObservationWidth;
                _confidenceIndex = tensor(ConfidenceTags.Select(i => (long)(newest + i)).ToArray());
                _confidenceMean = tensor(ConfidenceTags.Select(i => (float)layout.ObservationMean[i]).ToArray());
                _confidenceStd = tensor(ConfidenceTags.Select(i => (float)layout.ObservationStd[i]).ToArray());
                _confidenceLow = tensor(confidence.Low.Select(v => (float)v).ToArray());
                _confidenceHigh = tensor(confidence.High.Select(v => (float)v).ToArray());
                _confidenceRamp = tensor(confidence.Ramps.Select(v => (float)v).ToArray());
            }
        }
        else if (confidence is not null)
        {
            throw new ArgumentException("Guide.Confidence needs a guide", nameof(confidence));
        }

        Network = new BatchedMlp(policies, layout.WindowWidth + (guide?.Actions ?? 0), hidden, layout.ActionWidth, HiddenActivation.Tanh, seed);
        Shrink = [.. Enumerable.Repeat(1.0, policies)];
    }

    /// <summary>The local guide, or null.</summary>
    public GuideController? Guide { get; }

    /// <summary>Per-policy pull towards the guide s_k ∈ [0, 1] (the guide floor): policy k acts
    /// a_g + s_k·(π_k − a_g). 1 (the default) leaves the policy as it is, 0 makes it the guide exactly.</summary>
    public double[] Shrink { get; }

    /// <summary>True when some policy is pulled towards its guide (<see cref="Shrink"/> below 1).</summary>
    public bool Shrunk => Guide is not null && Shrink.Any(s => s < 1);

    /// <summary>The guide's confidence box, or null (λ ≡ 1).</summary>
    public GuideConfidenceConfig? Confidence { get; }

    /// <summary>Observation column of each confidence-box tag (empty without a box).</summary>
    public IReadOnlyList<int> ConfidenceTags { get; } = [];

    /// <summary>Φ: the deviation allowed once β reaches 0 (normalised action units).</summary>
    public double Phi { get; }

    /// <summary>β ∈ [0, 1]: 1 = the guide exactly; set by the search's schedule.</summary>
    public double Beta
    {
        get => _beta;
        set => _beta = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "β must be in [0, 1]");
    }

    /// <summary>The current allowed deviation from the guide Φ(1−β), normalised action units (0 without a guide).</summary>
    public double Bound => Guide is null ? 0 : Phi * (1 - Beta);

    /// <summary>The layout.</summary>
    public PlantLayout Layout { get; }

    /// <summary>The K networks (pre-tanh output).</summary>
    public BatchedMlp Network { get; }

    /// <summary>Number of policies K.</summary>
    public int Count => Network.Groups;

    /// <summary>Actions in [-1, 1] for windows [K, n, L·D] → [K, n, A]. <paramref name="guideAction"/> [K, n, A]
    /// (normalised) replaces the configured guide's action, e.g. a logged PLC guide tag.</summary>
    public Tensor Act(Tensor window, Tensor? guideAction = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        using var scope = NewDisposeScope();
        if (Guide is null)
        {
            return Squash(Network.Forward(window)).MoveToOuterDisposeScope();
        }

        var guide = guideAction ?? GuideAction(window);
        return Pull(Squash(Network.Forward(cat([window, guide], -1)), guide, Lambda(window)), guide).MoveToOuterDisposeScope();
    }

    /// <summary>The rollout's step: actions for windows [K, rows, L·D] through the prepared network,
    /// with the guide's action computed from the window and fed to the network when there is a guide.</summary>
    public Tensor Act(RolloutNetwork prepared, Tensor window)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(window);
        if (Guide is null)
        {
            return Squash(prepared.Forward(window));
        }

        var guide = GuideAction(window);
        return Pull(Squash(prepared.Forward(cat([window, guide], -1)), guide, Lambda(window)), guide);
    }

    /// <summary>The guide's action (normalised) for normalised windows [..., L·D] → [..., A]: the controlled
    /// tags' raw history is recovered from the window, so gradients flow through the guide into the rollout.</summary>
    public Tensor GuideAction(Tensor window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var guide = Guide ?? throw new InvalidOperationException("the policies have no guide");
        using var scope = NewDisposeScope();
        long[] shape = [.. window.shape[..^1], Layout.HistoryLength, Layout.ObservationWidth];
        var tags = (window.reshape(shape).index_select(-1, _guideIndex!) * _guideStd!) + _guideMean!;
        return guide.Act(tags).MoveToOuterDisposeScope();
    }

    /// <summary>Network output → action in [-1, 1]: the output nonlinearity, shared by <see cref="Act(Tensor, Tensor?)"/>
    /// and the rollout's prepared network (unguided policies).</summary>
    public Tensor Squash(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.tanh();
    }

    /// <summary>Network output → guided action clip(a_g + Φ(1−β)·tanh(output), −1, 1); with the confidence
    /// <paramref name="lambda"/> [..., 1] (null: 1) clip(λ·(a_g + Φ(1−β)·t) + (1 − λ)·t, −1, 1), t = tanh(output).</summary>
    public Tensor Squash(Tensor output, Tensor guide, Tensor? lambda = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(guide);
        if (lambda is null)
        {
            return (guide + (output.tanh() * Bound)).clamp(-1, 1);
        }

        // t·(1 + λ(Φ(1−β) − 1)) + λ·a_g: the same mix in two products.
        var scale = (lambda * (Bound - 1)).add_(1);
        return ((output.tanh() * scale) + (guide * lambda)).clamp(-1, 1);
    }

    /// <summary>a_g + s_k·(a − a_g) for guided actions [G, n, A] whose group g is policy g mod K; a no-op while
    /// every s_k is 1, so unpulled policies compute exactly what they did before.</summary>
    private Tensor Pull(Tensor action, Tensor guide)
    {
        if (!Shrunk)
        {
            return action;
        }

        var groups = action.shape[0];
        var shrink = new float[groups];
        for (var g = 0; g < groups; g++)
        {
            shrink[g] = (float)Shrink[g % Count];
        }

        using var s = tensor(shrink).view(groups, 1, 1);
        return guide + ((action - guide) * s);
    }

    /// <summary>The guide's confidence λ(s) [..., 1] for normalised windows [..., L·D], or null without a box.</summary>
    public Tensor? Lambda(Tensor window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (_confidenceIndex is null)
        {
            return null;
        }

        using var scope = NewDisposeScope();
        var x = (window.index_select(-1, _confidenceIndex) * _confidenceStd!) + _confidenceMean!;
        var excess = ((_confidenceLow! - x).relu() + (x - _confidenceHigh!).relu()) / _confidenceRamp!;
        return (1 - excess.sum(-1, keepdim: true)).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Behaviour-cloning warm start: every policy gets the behaviour model's mean network plus
    /// independent Gaussian noise of the given standard deviation (so the K policies can diverge).</summary>
    public void WarmStartFrom(BehaviourModel behaviour, double noise, long seed)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        if (Guide is not null)
        {
            // A guided policy starts as the guide: the perturbation's output layer starts at (noisy) zero.
            StartAtGuide(noise, seed);
            return;
        }

        using var noGrad = no_grad();
        var source = behaviour.Network;
        var a = Layout.ActionWidth;
        var generator = new TorchSharp.torch.Generator(unchecked((ulong)seed));
        for (var layer = 0; layer < Network.Layers; layer++)
        {
            var w = source.Weight(layer)[0];
            var b = source.Bias(layer)[0];
            if (layer == Network.Layers - 1)
            {
                w = w.narrow(-1, 0, a);
                b = b.narrow(-1, 0, a);
            }

            Network.Weight(layer).copy_(w.unsqueeze(0).expand_as(Network.Weight(layer)));
            Network.Bias(layer).copy_(b.unsqueeze(0).expand_as(Network.Bias(layer)));
            if (noise > 0)
            {
                Network.Weight(layer).add_(randn(Network.Weight(layer).shape, generator: generator) * noise);
                Network.Bias(layer).add_(randn(Network.Bias(layer).shape, generator: generator) * noise);
            }
        }
    }

    /// <summary>Output layer of ξ set to N(0, noise²) weights and zero biases, so tanh(ξ) ≈ 0 and the policies
    /// act as the guide (hidden layers keep their random initialisation and carry the gradient).</summary>
    public void StartAtGuide(double noise, long seed)
    {
        using var noGrad = no_grad();
        var last = Network.Layers - 1;
        var generator = new TorchSharp.torch.Generator(unchecked((ulong)seed));
        Network.Weight(last).copy_(randn(Network.Weight(last).shape, generator: generator) * noise);
        Network.Bias(last).zero_();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Network.Dispose();
        _guideIndex?.Dispose();
        _guideMean?.Dispose();
        _guideStd?.Dispose();
        _confidenceIndex?.Dispose();
        _confidenceMean?.Dispose();
        _confidenceStd?.Dispose();
        _confidenceLow?.Dispose();
        _confidenceHigh?.Dispose();
        _confidenceRamp?.Dispose();
    }
}
