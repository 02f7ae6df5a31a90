using IndustrialSafeRL.OfflineTrainer.Data;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Models;

/// <summary>M transition models plus the plant's rollout rules, in normalised units. One <see cref="Advance"/>
/// moves a batch of windows one step: known-kinematics tags by their clipped-add rule, predicted tags by the
/// member's delta, constant tags not at all; the reward comes from the expression or the learned output.</summary>
public sealed class TransitionEnsemble : IDisposable
{
    private readonly Tensor _actionMap;     // [A, D]: z-units per unit action on known-add tags
    private readonly Tensor _low;           // [D]: z-lower clip (known-add) or -huge
    private readonly Tensor _high;          // [D]
    private readonly Tensor _deltaMap;      // [P, D]: z-units per normalised predicted delta
    private readonly Tensor _deltaBias;     // [D]
    private readonly Tensor? _rewardWeights; // [D] on z-frames
    private readonly double _rewardBias;

    /// <summary>Creates untrained members for a layout.</summary>
    public TransitionEnsemble(PlantLayout layout, int members, IReadOnlyList<int> hidden, long seed)
    {
        Layout = layout;
        Network = new BatchedMlp(members, layout.WindowWidth + layout.ActionWidth, hidden, layout.ModelOutputs, HiddenActivation.Relu, seed);
        var d = layout.ObservationWidth;
        var a = layout.ActionWidth;
        var p = layout.PredictedTags.Length;
        var actionMap = new float[a * d];
        var low = new float[d];
        var high = new float[d];
        var deltaMap = new float[Math.Max(1, p) * d];
        var deltaBias = new float[d];
        for (var i = 0; i < d; i++)
        {
            var rule = layout.Dynamics[i];
            var mean = layout.ObservationMean[i];
            var std = layout.ObservationStd[i];
            low[i] = -1e9f;
            high[i] = 1e9f;
            if (rule.Kind == TagKind.KnownAdd)
            {
                // a is normalised to [-1, 1]; the raw action is low + (a + 1)·span/2.
                var span = layout.ActionHigh[rule.ActionIndex] - layout.ActionLow[rule.ActionIndex];
                actionMap[(rule.ActionIndex * d) + i] = (float)(rule.Scale * span / 2 / std);
                deltaBias[i] = (float)(rule.Scale * (layout.ActionLow[rule.ActionIndex] + (span / 2)) / std);
                low[i] = (float)((rule.Low - mean) / std);
                high[i] = (float)((rule.High - mean) / std);
            }
        }

        for (var j = 0; j < p; j++)
        {
            var tag = layout.PredictedTags[j];
            deltaMap[(j * d) + tag] = (float)(layout.DeltaStd[j] / layout.ObservationStd[tag]);
            deltaBias[tag] = (float)(layout.DeltaMean[j] / layout.ObservationStd[tag]);
        }

        _actionMap = tensor(actionMap, [a, d]);
        _low = tensor(low);
        _high = tensor(high);
        _deltaMap = tensor(deltaMap, [Math.Max(1, p), d]);
        _deltaBias = tensor(deltaBias);
        if (layout.RewardWeights is { } w)
        {
            _rewardWeights = tensor(w.Select((x, i) => (float)(x * layout.ObservationStd[i])).ToArray());
            _rewardBias = w.Select((x, i) => x * layout.ObservationMean[i]).Sum() + layout.RewardOffset;
        }
    }

    /// <summary>The layout.</summary>
    public PlantLayout Layout { get; }

    /// <summary>The M member networks.</summary>
    public BatchedMlp Network { get; }

    /// <summary>Members M.</summary>
    public int Members => Network.Groups;

    /// <summary>One step for windows laid out [M, n, L·D] with actions [M, n, A] in [-1, 1] and the
    /// newest frame [M, n, D]: returns the next normalised frame and the reward, [M, n].</summary>
    public (Tensor Next, Tensor Reward) Advance(Tensor window, Tensor action, Tensor newest)
    {
        using var scope = NewDisposeScope();
        var output = Network.Forward(window, action);
        var p = Layout.PredictedTags.Length;
        // Biases go in before the clip: on known-add tags they are the action offset, on predicted tags the
        // mean delta (whose clip range is unbounded).
        var next = minimum(maximum(matmul(action, _actionMap).add_(newest).add_(_deltaBias), _low), _high);
        if (p > 0)
        {
            next = next + matmul(p == output.shape[^1] ? output : output.narrow(-1, 0, p), _deltaMap);
        }

        Tensor reward = _rewardWeights is { } w
            ? matmul(next, w).add_(_rewardBias)
            : (output.select(-1, p) * Layout.RewardStd) + Layout.RewardMean;
        return (next.MoveToOuterDisposeScope(), reward.MoveToOuterDisposeScope());
    }

    /// <summary>The ensemble rearranged for the rollout's inner loop (see <see cref="EnsembleRollout"/>); call once per
    /// training step, inside its dispose scope.</summary>
    public EnsembleRollout PrepareRollout() => new(this, _actionMap, _low, _high, _deltaMap, _deltaBias, _rewardWeights, _rewardBias);

    /// <inheritdoc />
    public void Dispose()
    {
        Network.Dispose();
        _actionMap.Dispose();
        _low.Dispose();
        _high.Dispose();
        _deltaMap.Dispose();
        _deltaBias.Dispose();
        _rewardWeights?.Dispose();
    }
}
