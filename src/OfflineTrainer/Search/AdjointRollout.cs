using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Torch;
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
/// go through them. The large products run in libtorch; everything between them runs as fused loops on the tensors'
/// memory (<see cref="RolloutKernels"/>), since a libtorch call costs more in dispatch than these small operations do.
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
    private readonly Tensor _actionMap;     // [M, A, D], and the known part's shift [M, D] and clip [D]
    private readonly Tensor _shift;
    private readonly Tensor _low;
    private readonly Tensor _high;
    private readonly Tensor _actionWeight;  // the models' first-layer rows for the action [M, A, width]
    private readonly Tensor _deltaWeightT;  // [M, D, width]
    private readonly Tensor? _rewardWeightT; // [M, 1, width], and the bias [M, 1, 1]
    private readonly Tensor? _rewardBiasT;
    private readonly Tensor _memberFrames;  // [M, K·n, L + H, D]
    private readonly Tensor _policyFrames;  // [K, M·n, L + H, D]
    private readonly Tensor _action;        // this step's actions, member-major [M, K·n, A]
    private readonly Tensor _clipped;       // [H, M, K·n, D] uint8: 1 where the clip changed the value (no gradient)
    private readonly List<Tensor[]> _policyHidden = []; // per step, per hidden layer [K, M·n, width]
    private readonly List<Tensor> _policyActions = [];  // per step [K, M·n, A]
    private readonly List<Tensor[]> _modelHidden = [];  // per step, per hidden layer [M, K·n, width]
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
        _actionMap = _dynamics.ActionMap.contiguous();
        _shift = _dynamics.Shift.reshape(_m, _d).contiguous();
        _low = _dynamics.Low.reshape(_d).contiguous();
        _high = _dynamics.High.reshape(_d).contiguous();
        _actionWeight = _dynamics.Network.SecondPart.contiguous();
        _deltaWeightT = _dynamics.DeltaWeight.transpose(1, 2).contiguous();
        _rewardWeightT = _dynamics.RewardWeight?.transpose(1, 2).contiguous();
        _rewardBiasT = _dynamics.RewardBias?.transpose(1, 2).contiguous();
        var frames = _l + horizon;
        _memberFrames = empty(_m, _k * _n, frames, _d);
        _memberFrames.narrow(2, 0, _l).view(_m, _k, _n, _l, _d).copy_(starts.unsqueeze(1));
        _policyFrames = empty(_k, _m * _n, frames, _d);
        _policyFrames.narrow(2, 0, _l).copy_(starts.reshape(1, _m * _n, _l, _d));
        _action = empty(_m, _k * _n, _a);
        _clipped = empty([horizon, _m, _k * _n, _d], ScalarType.Byte);

        // The fused loops (RolloutKernels) index these by their shapes.
        var policyWidth = _policyLastT.shape[2];
        TensorMemory.RequireShape(_policy.Bias(last - 1), "policy last hidden bias", _k, 1, policyWidth);
        TensorMemory.RequireShape(_policyLastT, "policy output weight", _k, _a, policyWidth);
        TensorMemory.RequireShape(_policyLastBiasT, "policy output bias", _k, _a, 1);
        TensorMemory.RequireShape(_actionMap, "action map", _m, _a, _d);
        TensorMemory.RequireShape(_actionWeight, "model action weight", _m, _a, _dynamics.Network.Bias(0).shape[2]);
        TensorMemory.RequireShape(_deltaWeightT, "delta weight", _m, _d, _dynamics.Network.Bias(_dynamics.Network.Layers - 2).shape[2]);
        if (_rewardWeightT is not null)
        {
            TensorMemory.RequireShape(_rewardWeightT, "reward weight", _m, 1, _deltaWeightT.shape[2]);
        }
    }

    /// <summary>True when the hand-written sweep computes this search's gradient: no guide (its action depends on the
    /// window through the guide controller; without one the squash is tanh), at least one hidden policy layer, no loss
    /// term on the behaviour likelihood or the members' disagreement.</summary>
    public static bool Supports(PolicySet policies, SafetyMode safety, bool disagreement)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return policies.Guide is null && policies.Network.Layers >= 2 && safety != SafetyMode.Likelihood && !disagreement;
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

    private unsafe Tensor? Forward()
    {
        var (m, k, n, l, d, a) = (_m, _k, _n, _l, _d, _a);
        var rows = k * n;
        var width = l * d;
        var model = _dynamics.Network;
        var learned = _dynamics.RewardWeight is not null;
        var rewards = learned ? new List<Tensor>(_horizon) : null;
        var frames = l + _horizon;
        var memberFrames = TensorMemory.Floats(_memberFrames, "member frames");
        var policyFrames = TensorMemory.Floats(_policyFrames, "policy frames");
        var action = TensorMemory.Floats(_action, "actions");
        var clipped = TensorMemory.Bytes(_clipped, "clip mask");
        var policyWidth = (int)_policyLastT.shape[2];
        var modelWidth = (int)_deltaWeightT.shape[2];
        var firstWidth = (int)_actionWeight.shape[2];
        var outputWeight = TensorMemory.Floats(_policyLastT, "policy output weight");
        var outputBias = TensorMemory.Floats(_policyLastBiasT, "policy output bias");
        var actionWeight = TensorMemory.Floats(_actionWeight, "model action weight");
        var actionMap = TensorMemory.Floats(_actionMap, "action map");
        var shift = TensorMemory.Floats(_shift, "shift");
        var low = TensorMemory.Floats(_low, "low clip");
        var high = TensorMemory.Floats(_high, "high clip");
        var deltaWeightT = TensorMemory.Floats(_deltaWeightT, "delta weight");
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

            // The output layer, tanh (the unguided squash, see Supports) and the member-major copy of the actions.
            var act = empty(k, m * n, a);
            RolloutKernels.PolicyOutput(
                TensorMemory.Floats(h, "policy hidden"), outputWeight, outputBias, TensorMemory.Floats(act, "policy actions"), action,
                (int)k, (int)m, (int)n, policyWidth, (int)a);
            _policyHidden.Add(policyHidden);
            _policyActions.Add(act);

            // Models, member-major: the window's product in libtorch, the action's rows and the activation fused.
            var window = _memberFrames.as_strided([m, rows, width], [rows * frames * d, frames * d, 1], t * d);
            var modelHidden = new Tensor[model.Layers - 1];
            var u = RolloutNetwork.AddProduct(model.Bias(0), window, model.FirstPart);
            RolloutKernels.AddActionAndActivate(TensorMemory.Floats(u, "model first layer"), action, actionWeight,
                (int)m, (int)rows, (int)a, firstWidth, model.Relu);
            modelHidden[0] = u;
            for (var layer = 1; layer < model.Layers - 1; layer++)
            {
                u = model.Activate(RolloutNetwork.AddProduct(model.Bias(layer), u, model.Weight(layer)));
                modelHidden[layer] = u;
            }

            _modelHidden.Add(modelHidden);

            // The known part (clipped add of the actions), the predicted deltas and both frame buffers' next frame.
            RolloutKernels.Advance(
                memberFrames, policyFrames, action, actionMap, shift, low, high, TensorMemory.Floats(u, "model hidden"), deltaWeightT, clipped + (t * m * rows * d),
                (int)m, (int)k, (int)n, (int)frames, (int)(t + l), (int)d, (int)a, modelWidth);
            if (learned)
            {
                var (std, mean) = _dynamics.RewardScale;
                // Transposed, wᵀ·uᵀ + biasᵀ: MKL multiplies [1 × 64]·[64 × rows] far faster than [rows × 64]·[64 × 1].
                rewards!.Add(RolloutNetwork.AddProduct(_rewardBiasT!, _rewardWeightT!, u.transpose(1, 2)).view(m, rows).mul_(std).add_(mean));
            }
        }

        return rewards is null ? null : ModelRollout.PolicyMajor(stack(rewards, 2), m, k, n);
    }

    private unsafe (Tensor[] Prepared, Tensor[] Gradients) Backward(Tensor stateGradient, Tensor? rewardGradient)
    {
        var (m, k, n, l, d, a) = (_m, _k, _n, _l, _d, _a);
        var rows = k * n;
        var width = l * d;
        var frames = l + _horizon;
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
        var policyT = Enumerable.Range(0, layers - 1).Select(i => _policy.Weight(i).transpose(1, 2).contiguous()).ToArray();

        // dL/d(frame) for every frame of every member-major row; the start frames' entries are never read.
        var frameGradients = zeros_like(_memberFrames);
        frameGradients.narrow(2, l, _horizon).view(m, k, n, _horizon, d)
            .copy_(stateGradient.view(k, m, n, _horizon, d).transpose(0, 1));
        var rewardRows = rewardGradient?.view(k, m, n, _horizon).transpose(0, 1).reshape(m, rows, _horizon).contiguous();
        var modelWidth = (int)_deltaWeightT.shape[2];
        var policyWidth = (int)_policyLastT.shape[2];
        var modelGradient = empty(m, rows, modelWidth);  // per step: on the models' last hidden pre-activation
        var policyGradient = empty(k, m * n, policyWidth); // per step: on the policies' last hidden pre-activation
        var actionGradient = empty(k, m * n, a);          // per step: on the policies' output, before tanh
        var gradients = TensorMemory.Floats(frameGradients, "frame gradients");
        var clipped = TensorMemory.Bytes(_clipped, "clip mask");
        var deltaWeightT = TensorMemory.Floats(_deltaWeightT, "delta weight");
        var actionMap = TensorMemory.Floats(_actionMap, "action map");
        var rewardPointer = rewardRows is null ? null : TensorMemory.Floats(rewardRows, "reward gradient");
        var rewardWeight = _rewardWeightT is null ? null : TensorMemory.Floats(_rewardWeightT, "reward weight");
        var rewardStd = (float)_dynamics.RewardScale.Std;
        var modelGradientPointer = TensorMemory.Floats(modelGradient, "model gradient");
        var policyGradientPointer = TensorMemory.Floats(policyGradient, "policy gradient");
        var actionGradientPointer = TensorMemory.Floats(actionGradient, "action gradient");
        var outputWeight = TensorMemory.Floats(_policyLastT, "policy output weight");
        var outputWeightGradient = TensorMemory.Floats(weightGradients[layers - 1], "policy output weight gradient");
        var outputBiasGradient = TensorMemory.Floats(biasGradients[layers - 1], "policy output bias gradient");
        for (var t = _horizon - 1; t >= 0; t--)
        {
            using var scope = NewDisposeScope();
            var mask = clipped + (t * m * rows * d);

            // Every later step has added its share: this frame's gradient is complete. Down the clipped add to the
            // newest frame, and through the deltas (and learned reward) to the models' last hidden layer.
            var hidden = _modelHidden[t];
            RolloutKernels.DeltaGradient(
                gradients, mask, deltaWeightT, TensorMemory.Floats(hidden[^1], "model hidden"), modelGradientPointer,
                rewardPointer, rewardStd, rewardWeight, (int)m, (int)rows, (int)frames, (int)(t + l), (int)d, modelWidth, t, _horizon, model.Relu);
            var g = modelGradient;
            for (var layer = model.Layers - 2; layer > 0; layer--)
            {
                g = g.bmm(modelT[layer]);
                RolloutKernels.ActivationGradient(TensorMemory.Floats(g, "model gradient"), TensorMemory.Floats(hidden[layer - 1], "model hidden"), g.numel(), model.Relu);
            }

            // The window's first `data` frames are start frames from the data: their gradient is never read, so the
            // first-layer input gradients skip their columns (the whole policy window at t = 0).
            var data = Math.Max(0, l - t);
            var rolled = l - data;
            var input0 = g.bmm(firstLayerT.narrow(2, data * d, padded - (data * d)));

            // The window's share to the frames, the action's through tanh and the policies' output layer.
            var act = _policyActions[t];
            var policyHidden = _policyHidden[t];
            RolloutKernels.PolicyOutputGradient(
                TensorMemory.Floats(input0, "model input gradient"), (int)input0.shape[2], (int)rolled, gradients, mask, actionMap,
                TensorMemory.Floats(act, "policy actions"), TensorMemory.Floats(policyHidden[^1], "policy hidden"), outputWeight,
                outputWeightGradient, outputBiasGradient, policyGradientPointer, actionGradientPointer, (int)m, (int)k, (int)n, (int)frames, t, (int)l, (int)d, (int)a, policyWidth, _policy.Relu);

            // Policies, policy-major: the hidden layers down to the window.
            var p = policyGradient;
            for (var layer = layers - 2; layer >= 0; layer--)
            {
                var input = layer > 0 ? policyHidden[layer - 1] : PolicyWindow(t);
                weightGradients[layer].add_(input.transpose(1, 2).bmm(p));
                biasGradients[layer].add_(p);
                if (layer > 0)
                {
                    p = p.bmm(policyT[layer]);
                    RolloutKernels.ActivationGradient(TensorMemory.Floats(p, "policy gradient"), TensorMemory.Floats(policyHidden[layer - 1], "policy hidden"), p.numel(), _policy.Relu);
                }
                else if (rolled > 0)
                {
                    var windowGradient = p.bmm(policyT[0].narrow(2, data * d, rolled * d));
                    RolloutKernels.AddPolicyWindowGradient(TensorMemory.Floats(windowGradient, "policy window gradient"), gradients, (int)m, (int)k, (int)n, (int)frames, t, (int)l, (int)rolled, (int)d);
                }
            }

            // Release this step's saved tensors now: the next (earlier) step reuses the memory while it is in cache.
            foreach (var x in hidden.Concat(policyHidden))
            {
                x.Dispose();
            }

            act.Dispose();
        }

        var prepared = new Tensor[2 * layers];
        var parameterGradients = new Tensor[2 * layers];
        for (var layer = 0; layer < layers; layer++)
        {
            prepared[2 * layer] = _policy.Weight(layer);
            prepared[(2 * layer) + 1] = _policy.Bias(layer);
            parameterGradients[2 * layer] = layer == layers - 1 ? weightGradients[layer].transpose(1, 2) : weightGradients[layer];
            parameterGradients[(2 * layer) + 1] = biasGradients[layer].sum(1, keepdim: true);
        }

        return (prepared, parameterGradients);
    }

    // Step t's policy windows [K, M·n, L·D]: a strided view of the policy frame buffer.
    private Tensor PolicyWindow(int t)
    {
        var frames = _l + _horizon;
        return _policyFrames.as_strided([_k, _m * _n, _l * _d], [_m * _n * frames * _d, frames * _d, 1], t * _d);
    }
}
