using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>K deterministic policies π_k(s) = tanh(MLP_k(normalised window)), actions in [-1, 1] (scaled to the
/// action bounds at export), evaluated as one batched network.</summary>
public sealed class PolicySet : IDisposable
{
    /// <summary>Creates K policies with random weights.</summary>
    public PolicySet(PlantLayout layout, int policies, IReadOnlyList<int> hidden, long seed)
    {
        Layout = layout;
        Network = new BatchedMlp(policies, layout.WindowWidth, hidden, layout.ActionWidth, HiddenActivation.Tanh, seed);
    }

    /// <summary>The layout.</summary>
    public PlantLayout Layout { get; }

    /// <summary>The K networks (pre-tanh output).</summary>
    public BatchedMlp Network { get; }

    /// <summary>Number of policies K.</summary>
    public int Count => Network.Groups;

    /// <summary>Actions in [-1, 1] for windows [K, n, L·D] → [K, n, A].</summary>
    public Tensor Act(Tensor window)
    {
        using var scope = NewDisposeScope();
        return Squash(Network.Forward(window)).MoveToOuterDisposeScope();
    }

    /// <summary>Network output → action in [-1, 1]: the output nonlinearity, shared by <see cref="Act"/> and the
    /// rollout's prepared network.</summary>
    public Tensor Squash(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.tanh();
    }

    /// <summary>Behaviour-cloning warm start: every policy gets the behaviour model's mean network plus
    /// independent Gaussian noise of the given standard deviation (so the K policies can diverge).</summary>
    public void WarmStartFrom(BehaviourModel behaviour, double noise, long seed)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
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

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
