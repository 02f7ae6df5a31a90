using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Models;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>The training rollout of <see cref="ModelRollout"/> with its reverse sweep written out by hand instead of
/// recorded by autograd: the same lock-step rollouts (start window j in member j / n, all K policies in that member)
/// and, from the loss gradient on the rollout's states (and learned rewards), the exact gradient on the policies'
/// parameters. Why: a step of the rollout is ≈ 25 small tensor operations on ≈ 200 rows, so autograd's per-node
/// bookkeeping, the per-step re-concatenated history windows it saves and their gradient buffers cost as much as
/// the arithmetic. Here the trajectory lives in one frame buffer per layout (member-major for the models, policy-major
/// for the policies), every window is a strided view of it (index arithmetic, no copy), and the backward pass adds
/// each window's gradient into a frame-gradient buffer of the same shape. The models are frozen: only input gradients
/// go through them.
/// <para>Covers unguided policies with state-only loss terms (bounds safety or none, no disagreement term);
/// <see cref="Supports"/> says so, and the search uses autograd through <see cref="ModelRollout"/> otherwise.</para></summary>
public sealed class AdjointRollout
{
    private readonly PolicySet _policies;
    private readonly RolloutNetwork _policy;    // prepared from the parameters with autograd, for the final map
    private readonly EnsembleRollout _dynamics;
    private readonly long _m;
    private readonly long _k;
    private readonly long _n;
    private readonly long _l;
    private readonly long _d;
    private readonly long _a;
    private readonly int _horizon;
    private readonly Tensor _policyLastT;   // the policies' output weight transposed [K, A, width], and its bias [K, A, 1]
    private readonly Tensor _policyLastBiasT;
    private readonly Tensor _actionMapT;    // [M, D, A]
    private readonly Tensor _deltaWeightT;  // [M, D, width]
    private readonly Tensor? _rewardWeightT; // [M, 1, width], and the bias [M, 1, 1]
    private readonly Tensor? _rewardBiasT;
    private readonly Tensor _memberFrames;  // [M, K·n, L + H, D]
    private readonly Tensor _policyFrames;  // [K, M·n, L + H, D]
    private readonly List<Tensor[]> _policyHidden = []; // per step, per hidden layer [K, M·n, width]
    private readonly List<Tensor> _policyActions = [];  // per step [K, M·n, A]
    private readonly List<Tensor[]> _modelHidden = [];  // per step, per hidden layer [M, K·n, width]
    private readonly List<Tensor> _clipped = [];         // per step [M, K·n, D] (bool: the clip held the value, no gradient)
    private bool _swept;

    private AdjointRollout(Tensor starts, PolicySet policies, TransitionEnsemble ensemble, int horizon)
    {
        _policies = policies;
        _policy = RolloutNetwork.Prepare(policies.Network);
        using var noGrad = no_grad();
        _dynamics = ensemble.PrepareRollout();
        _horizon = horizon;
        _k = policies.Count;
        _m = starts.shape[0];
        _n = starts.shape[1];
        _l = starts.shape[2];
        _d = starts.shape[3];
        _a = policies.Layout.ActionWidth;
        var last = _policy.Layers - 1;
        _policyLastT = _policy.Weight(last).transpose(1, 2).contiguous();
        _policyLastBiasT = _policy.Bias(last).transpose(1, 2).contiguous();
        _actionMapT = _dynamics.ActionMap.transpose(1, 2).contiguous();
        _deltaWeightT = _dynamics.DeltaWeight.transpose(1, 2).contiguous();
        _rewardWeightT = _dynamics.RewardWeight?.transpose(1, 2).contiguous();
        _rewardBiasT = _dynamics.RewardBias?.transpose(1, 2).contiguous();
        var frames = _l + horizon;
        _memberFrames = empty(_m, _k * _n, frames, _d);
        _memberFrames.narrow(2, 0, _l).view(_m, _k, _n, _l, _d).copy_(starts.unsqueeze(1));
        _policyFrames = empty(_k, _m * _n, frames, _d);
        _policyFrames.narrow(2, 0, _l).copy_(starts.reshape(1, _m * _n, _l, _d));
    }

    /// <summary>True when the hand-written sweep computes this search's gradient: no guide (its action depends on the
    /// window through the guide controller), no loss term on the behaviour likelihood or the members' disagreement.</summary>
    public static bool Supports(PolicySet policies, SafetyMode safety, bool disagreement)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return policies.Guide is null && safety != SafetyMode.Likelihood && !disagreement;
    }

    /// <summary>Rolls out start windows [M, n, L, D] for <paramref name="horizon"/> steps without autograd. The
    /// returned rollout's states (and learned rewards, else null) are detached tensors of the layout of
    /// <see cref="ModelRollout.Result"/>; hand the loss gradient on them to <see cref="ParameterGradients"/>. All
    /// tensors belong to the caller's dispose scope.</summary>
    public static (AdjointRollout Sweep, Tensor States, Tensor? Rewards) Run(Tensor starts, PolicySet policies, TransitionEnsemble ensemble, int horizon)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(ensemble);
        if (!Supports(policies, SafetyMode.Off, disagreement: false))
        {
            throw new ArgumentException("the hand-written sweep does not cover guided policies", nameof(policies));
        }

        var sweep = new AdjointRollout(starts, policies, ensemble, horizon);
        using var noGrad = no_grad();
        var rewards = sweep.Forward();
        var states = sweep._policyFrames.narrow(2, sweep._l, horizon).contiguous();
        return (sweep, states, rewards);
    }

    /// <summary>Gradient of the loss on each policy parameter (<see cref="BatchedMlp.Parameters"/> order) from its
    /// gradient on the rollout's states [K, B, H, D] and, with a learned reward, on its rewards [K, B, H]. Once per
    /// rollout: the sweep releases the forward pass's tensors as it goes.</summary>
    public Tensor[] ParameterGradients(Tensor stateGradient, Tensor? rewardGradient)
    {
        ArgumentNullException.ThrowIfNull(stateGradient);
        if (_swept)
        {
            throw new InvalidOperationException("the reverse sweep runs once per rollout");
        }

        if ((rewardGradient is null) != (_dynamics.RewardWeight is null))
        {
            throw new ArgumentException("a reward gradient is needed exactly when the reward is learned", nameof(rewardGradient));
        }

        _swept = true;
        Tensor[] prepared;
        Tensor[] preparedGradients;
        using (no_grad())
        {
            (prepared, preparedGradients) = Backward(stateGradient, rewardGradient);
        }

        // Through the re-parametrisation (tanh → sigmoid) back to the parameters: a small autograd graph of a few
        // scalings per layer, built when the policy network was prepared.
        var parameters = _policies.Network.Parameters.Cast<Tensor>().ToList();
        return [.. autograd.grad(prepared, parameters, preparedGradients)];
    }

    /// <summary>The expression reward of states [..., D] (see <see cref="EnsembleRollout.Rewards"/>), in autograd.</summary>
    public Tensor ExpressionRewards(Tensor states) => _dynamics.Rewards(states);

    private Tensor? Forward()
    {
        var (m, k, n, l, d, a) = (_m, _k, _n, _l, _d, _a);
        var rows = k * n;
        var width = l * d;
        var model = _dynamics.Network;
        var learned = _dynamics.RewardWeight is not null;
        var rewards = learned ? new List<Tensor>(_horizon) : null;
        var frames = l + _horizon;
        for (var t = 0; t < _horizon; t++)
        {
            // Policies, policy-major: the window is a view of the policy frame buffer.
            var hidden = _policy.Layers - 1;
            var policyHidden = new Tensor[hidden];
            var h = PolicyWindow(t);
            for (var layer = 0; layer < hidden; layer++)
            {
                h = _policy.Activate(RolloutNetwork.AddProduct(_policy.Bias(layer), h, _policy.Weight(layer)));
                policyHidden[layer] = h;
            }

            var act = _policies.Squash(ThinProduct(_policyLastBiasT, h, _policyLastT));
            _policyHidden.Add(policyHidden);
            _policyActions.Add(act);
            var action = act.view(k, m, n, a).transpose(0, 1).reshape(m, rows, a);

            // Models, member-major.
            var window = _memberFrames.as_strided([m, rows, width], [rows * frames * d, frames * d, 1], t * d);
            var modelHidden = new Tensor[model.Layers - 1];
            var u = model.Activate(RolloutNetwork.AddProduct(RolloutNetwork.AddProduct(model.Bias(0), window, model.FirstPart), action, model.SecondPart));
            modelHidden[0] = u;
            for (var layer = 1; layer < model.Layers - 1; layer++)
            {
                u = model.Activate(RolloutNetwork.AddProduct(model.Bias(layer), u, model.Weight(layer)));
                modelHidden[layer] = u;
            }

            _modelHidden.Add(modelHidden);
            var newest = _memberFrames.select(2, t + l - 1);
            var moved = ThinProduct(newest.add(_dynamics.Shift).transpose(1, 2), action, _actionMapT);
            var clipped = moved.clamp(_dynamics.Low, _dynamics.High);
            // Where the clip left a value as it was, its gradient passes (as autograd's clamp: bounds inclusive); the
            // mask marks the others, for one masked fill in the sweep (a multiply by a bool mask converts it first).
            _clipped.Add(clipped.ne(moved));
            var next = ThinProduct(clipped.transpose(1, 2), u, _deltaWeightT);
            if (learned)
            {
                var (std, mean) = _dynamics.RewardScale;
                rewards!.Add(ThinProduct(_rewardBiasT!, u, _rewardWeightT!).squeeze(-1).mul_(std).add_(mean));
            }

            _memberFrames.select(2, t + l).copy_(next);
            _policyFrames.as_strided([k, m, n, d], [m * n * frames * d, n * frames * d, frames * d, 1], (t + l) * d).copy_(next.view(m, k, n, d).transpose(0, 1));
        }

        return rewards is null ? null : ModelRollout.PolicyMajor(stack(rewards, 2), m, k, n);
    }

    private (Tensor[] Prepared, Tensor[] Gradients) Backward(Tensor stateGradient, Tensor? rewardGradient)
    {
        var (m, k, n, l, d, a) = (_m, _k, _n, _l, _d, _a);
        var rows = k * n;
        var width = l * d;
        var model = _dynamics.Network;
        var layers = _policy.Layers;
        var weightGradients = new Tensor[layers];
        var biasGradients = new Tensor[layers];
        for (var layer = 0; layer < layers; layer++)
        {
            weightGradients[layer] = layer == layers - 1 ? zeros_like(_policyLastT) : zeros_like(_policy.Weight(layer));
            biasGradients[layer] = zeros(k, m * n, _policy.Bias(layer).shape[2]); // Σ_t over steps; rows summed after
        }

        // The transposed weights the sweep multiplies by, once for all H steps.
        var modelT = Enumerable.Range(0, model.Layers - 1).Select(i => model.Weight(i).transpose(1, 2).contiguous()).ToArray();
        // The models' first layer transposed (window rows, then action rows), padded with zero columns to a multiple of
        // 16: MKL multiplies [39 × 64]·[64 × 183] in ≈ 75 µs here, [39 × 64]·[64 × 192] in ≈ 60 µs.
        var inputs = width + a;
        var padded = (inputs + 15) / 16 * 16;
        var firstLayerT = zeros(m, modelT[0].shape[1], padded);
        firstLayerT.narrow(2, 0, inputs).copy_(modelT[0]);
        var policyT = Enumerable.Range(0, layers).Select(i => i == layers - 1 ? _policyLastT : _policy.Weight(i).transpose(1, 2).contiguous()).ToArray();

        // dL/d(frame) for every frame of every member-major row; the start frames' entries are never read.
        var frameGradients = zeros_like(_memberFrames);
        frameGradients.narrow(2, l, _horizon).view(m, k, n, _horizon, d)
            .copy_(stateGradient.view(k, m, n, _horizon, d).transpose(0, 1));
        var rewardRows = rewardGradient?.view(k, m, n, _horizon).transpose(0, 1).reshape(m, rows, _horizon);
        for (var t = _horizon - 1; t >= 0; t--)
        {
            using var scope = NewDisposeScope();

            // Every later step has added its share: this frame's gradient is complete.
            var next = frameGradients.select(2, t + l);
            var moved = next.masked_fill(_clipped[t], 0);
            frameGradients.select(2, t + l - 1).add_(moved);
            var hidden = _modelHidden[t];
            var g = next.bmm(_deltaWeightT);
            if (rewardRows is not null)
            {
                var scaled = rewardRows.select(2, t).unsqueeze(-1).mul(_dynamics.RewardScale.Std);
                g = RolloutNetwork.AddProduct(g, scaled, _rewardWeightT!);
            }

            for (var layer = model.Layers - 2; layer >= 0; layer--)
            {
                g = ActivationGradient(g, hidden[layer], model.Relu);
                if (layer > 0)
                {
                    g = g.bmm(modelT[layer]);
                }
            }

            // The window's first `data` frames are start frames from the data: their gradient is never read, so the
            // first-layer input gradients skip their columns (the whole policy window at t = 0).
            var data = Math.Max(0, l - t);
            var rolled = l - data;
            var input0 = g.bmm(firstLayerT.narrow(2, data * d, padded - (data * d)));
            if (rolled > 0)
            {
                frameGradients.narrow(2, t + data, rolled).add_(input0.narrow(2, 0, rolled * d).view(m, rows, rolled, d));
            }

            var actionGradient = ThinProduct(input0.narrow(2, rolled * d, a).transpose(1, 2), moved, _dynamics.ActionMap);

            // Policies, policy-major: through tanh, then the layers down to the window.
            var act = _policyActions[t];
            var p = actionGradient.view(m, k, n, a).transpose(0, 1).reshape(k, m * n, a);
            p = p.addcmul_(p.mul(act), act, -1);
            var policyHidden = _policyHidden[t];
            for (var layer = layers - 1; layer >= 0; layer--)
            {
                var input = layer > 0 ? policyHidden[layer - 1] : PolicyWindow(t);
                // The output layer's gradient is thin ([width × A]): accumulated transposed, as pᵀ·input (see ThinProduct).
                weightGradients[layer].add_(layer == layers - 1 ? p.transpose(1, 2).bmm(input) : input.transpose(1, 2).bmm(p));
                biasGradients[layer].add_(p);
                if (layer > 0)
                {
                    p = ActivationGradient(p.bmm(policyT[layer]), policyHidden[layer - 1], _policy.Relu);
                }
                else if (rolled > 0)
                {
                    p = p.bmm(policyT[0].narrow(2, data * d, rolled * d));
                    frameGradients.narrow(2, t + data, rolled).view(m, k, n, rolled, d).add_(p.view(k, m, n, rolled, d).transpose(0, 1));
                }
            }

            // Release this step's saved tensors now: the next (earlier) step reuses the memory while it is in cache.
            foreach (var x in hidden.Concat(policyHidden))
            {
                x.Dispose();
            }

            act.Dispose();
            _clipped[t].Dispose();
        }

        var prepared = new Tensor[2 * layers];
        var gradients = new Tensor[2 * layers];
        for (var layer = 0; layer < layers; layer++)
        {
            prepared[2 * layer] = _policy.Weight(layer);
            prepared[(2 * layer) + 1] = _policy.Bias(layer);
            gradients[2 * layer] = layer == layers - 1 ? weightGradients[layer].transpose(1, 2) : weightGradients[layer];
            gradients[(2 * layer) + 1] = biasGradients[layer].sum(1, keepdim: true);
        }

        return (prepared, gradients);
    }

    // bias + x·w for a thin w ([B, in, out] with few outputs: actions, tags, a reward), from wT = wᵀ [B, out, in] and
    // biasT = biasᵀ [B, out, 1 or rows]. Why: MKL's batched gemm takes ≈ 18 µs for [65 × 64]·[64 × 3] but ≈ 5 µs for
    // the transposed product [3 × 64]·[64 × 65] (measured on the sweep's shapes), so this computes (wᵀ·xᵀ + biasᵀ)ᵀ
    // and returns it as a transposed view [B, rows, out] (rows stride 1). Its users are elementwise operations, copies,
    // views that split the rows and reshapes, which all take that layout as it is.
    private static Tensor ThinProduct(Tensor biasT, Tensor x, Tensor wT) =>
        RolloutNetwork.AddProduct(biasT, wT, x.transpose(1, 2)).transpose(1, 2);

    // Step t's policy windows [K, M·n, L·D]: a strided view of the policy frame buffer.
    private Tensor PolicyWindow(int t)
    {
        var frames = _l + _horizon;
        return _policyFrames.as_strided([_k, _m * _n, _l * _d], [_m * _n * frames * _d, frames * _d, 1], t * _d);
    }

    // g ⊙ f'(z) from the activation's output u: ReLU 1[u > 0], sigmoid u(1 − u).
    private static Tensor ActivationGradient(Tensor g, Tensor u, bool relu) =>
        relu ? g.mul_(u.sign()) : g.mul_(u.addcmul(u, u, -1));
}
