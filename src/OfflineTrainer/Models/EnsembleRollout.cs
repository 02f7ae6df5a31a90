using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Models;

/// <summary>A <see cref="TransitionEnsemble"/> prepared once per training step for the H steps of a rollout: the
/// member networks as a <see cref="RolloutNetwork"/>, and the output layer folded with the delta map, so one step is
/// next = clip(newest + shift + a·A, lo, hi) + hidden·W_Δ (W_Δ = W_out·deltaMap, shift = deltaBias + b_out·deltaMap).
/// Adding b_out·deltaMap before the clip is exact: it is non-zero only on predicted tags, whose clip range is
/// unbounded. An expression reward is linear in the next frame, so it is computed once for all steps
/// (<see cref="Rewards"/>); a learned reward comes with each step.</summary>
public sealed class EnsembleRollout
{
    private readonly TransitionEnsemble _ensemble;
    private readonly RolloutNetwork _network;
    private readonly Tensor _actionMap;   // [M, A, D]
    private readonly Tensor _shift;       // [M, 1, D]
    private readonly Tensor _low;
    private readonly Tensor _high;
    private readonly Tensor _deltaWeight; // [M, hidden, D]
    private readonly Tensor? _rewardWeight; // [M, hidden, 1] (learned reward)
    private readonly Tensor? _rewardBias;   // [M, 1, 1]
    private readonly Tensor? _expressionWeights;
    private readonly double _expressionBias;

    internal EnsembleRollout(TransitionEnsemble ensemble, Tensor actionMap, Tensor low, Tensor high, Tensor deltaMap, Tensor deltaBias, Tensor? rewardWeights, double rewardBias)
    {
        _ensemble = ensemble;
        var layout = ensemble.Layout;
        var m = ensemble.Members;
        var last = ensemble.Network.Layers - 1;
        _network = RolloutNetwork.Prepare(ensemble.Network, firstInputs: layout.WindowWidth);
        var outWeight = _network.Weight(last);
        var outBias = _network.Bias(last);
        var p = layout.PredictedTags.Length;
        _actionMap = actionMap.unsqueeze(0).expand(m, actionMap.shape[0], actionMap.shape[1]);
        if (p > 0)
        {
            _deltaWeight = matmul(outWeight.narrow(2, 0, p), deltaMap);
            _shift = matmul(outBias.narrow(2, 0, p), deltaMap) + deltaBias;
        }
        else
        {
            _deltaWeight = zeros(m, outWeight.shape[1], layout.ObservationWidth);
            _shift = deltaBias.expand(m, 1, deltaBias.shape[0]);
        }

        _low = low;
        _high = high;
        if (rewardWeights is null)
        {
            _rewardWeight = outWeight.narrow(2, p, 1);
            _rewardBias = outBias.narrow(2, p, 1);
        }

        _expressionWeights = rewardWeights;
        _expressionBias = rewardBias;
    }

    /// <summary>The member networks as prepared (output layer unused: <see cref="DeltaWeight"/> replaces it).</summary>
    internal RolloutNetwork Network => _network;

    /// <summary>Action rows of the clipped-add rule, [M, A, D].</summary>
    internal Tensor ActionMap => _actionMap;

    /// <summary>Offset added to the newest frame before the clip, [M, 1, D].</summary>
    internal Tensor Shift => _shift;

    /// <summary>Lower clip [D] (normalised; −huge on tags without a clip).</summary>
    internal Tensor Low => _low;

    /// <summary>Upper clip [D].</summary>
    internal Tensor High => _high;

    /// <summary>Last hidden layer → next-frame increment, [M, hidden, D].</summary>
    internal Tensor DeltaWeight => _deltaWeight;

    /// <summary>Last hidden layer → normalised learned reward, [M, hidden, 1] (null with an expression reward).</summary>
    internal Tensor? RewardWeight => _rewardWeight;

    /// <summary>Bias of the normalised learned reward, [M, 1, 1].</summary>
    internal Tensor? RewardBias => _rewardBias;

    /// <summary>Standard deviation and mean that de-normalise the learned reward.</summary>
    internal (double Std, double Mean) RewardScale => (_ensemble.Layout.RewardStd, _ensemble.Layout.RewardMean);

    /// <summary>True when the reward comes with each step (learned), false when <see cref="Rewards"/> computes it.</summary>
    public bool RewardPerStep => _rewardWeight is not null;

    /// <summary>One step for windows [M, n, L·D], actions [M, n, A] in [-1, 1] and newest frames [M, n, D]: the next
    /// normalised frame and, for a learned reward, the reward [M, n] (else null).</summary>
    public (Tensor Next, Tensor? Reward) Advance(Tensor window, Tensor action, Tensor newest)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(newest);
        var hidden = _network.Hidden(window, action);
        var moved = RolloutNetwork.AddProduct(newest.add(_shift), action, _actionMap).clamp(_low, _high);
        var next = RolloutNetwork.AddProduct(moved, hidden, _deltaWeight);
        Tensor? reward = null;
        if (_rewardWeight is not null)
        {
            var layout = _ensemble.Layout;
            reward = (RolloutNetwork.AddProduct(_rewardBias!, hidden, _rewardWeight).squeeze(-1) * layout.RewardStd) + layout.RewardMean;
        }

        return (next, reward);
    }

    /// <summary>Disagreement of the members on one step, for windows [M, n, L·D] and actions [M, n, A] laid out as in
    /// <see cref="Advance"/>: every member predicts every row, and u = Σ_d std over members of the predicted next
    /// frame (normalised units; tags the kinematics advance contribute nothing) → [M, n]. Costs M times the models'
    /// forward pass, so the search computes it only when its weight is non-zero.</summary>
    public Tensor Disagreement(Tensor window, Tensor action)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(action);
        var m = window.shape[0];
        var rows = m * window.shape[1];
        var allWindows = window.reshape(1, rows, window.shape[2]).expand(m, rows, window.shape[2]);
        var allActions = action.reshape(1, rows, action.shape[2]).expand(m, rows, action.shape[2]);
        var predicted = RolloutNetwork.AddProduct(_shift, _network.Hidden(allWindows, allActions), _deltaWeight);
        return predicted.std(0, unbiased: false).sum(-1).view(m, window.shape[1]);
    }

    /// <summary>Expression reward of normalised frames [..., D] → [...].</summary>
    public Tensor Rewards(Tensor frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (_expressionWeights is null)
        {
            throw new InvalidOperationException("the reward is learned: it comes with each Advance");
        }

        return matmul(frames, _expressionWeights).add_(_expressionBias);
    }
}
