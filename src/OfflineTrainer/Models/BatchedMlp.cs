using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Models;

/// <summary>Hidden-layer nonlinearity.</summary>
public enum HiddenActivation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>tanh(x).</summary>
    Tanh,
}

/// <summary>G independent MLPs of one shape evaluated as one batched matmul per layer: the ensemble members
/// (G = M) or the K policies (G = K). Weights are [G, in, out], biases [G, 1, out]; input [..., G, n, in]
/// broadcasts leading dimensions, so K policies' rollouts can run through M members without copies.</summary>
public sealed class BatchedMlp : IDisposable
{
    private readonly List<Parameter> _weights = [];
    private readonly List<Parameter> _biases = [];

    /// <summary>Creates G members with PyTorch-default uniform(±1/√fan_in) initialisation, member g seeded by seed + g.</summary>
    public BatchedMlp(int groups, int inputs, IReadOnlyList<int> hidden, int outputs, HiddenActivation activation, long seed)
    {
        Groups = groups;
        Inputs = inputs;
        Outputs = outputs;
        Hidden = [.. hidden];
        Activation = activation;
        int[] sizes = [inputs, .. hidden, outputs];
        for (var layer = 0; layer < sizes.Length - 1; layer++)
        {
            var fanIn = sizes[layer];
            var fanOut = sizes[layer + 1];
            var bound = 1.0 / Math.Sqrt(fanIn);
            var w = new float[groups * fanIn * fanOut];
            var b = new float[groups * fanOut];
            for (var g = 0; g < groups; g++)
            {
                var random = new Random(unchecked((int)(seed + (1009 * g) + (17 * layer))));
                for (var i = 0; i < fanIn * fanOut; i++)
                {
                    w[(g * fanIn * fanOut) + i] = (float)(((2 * random.NextDouble()) - 1) * bound);
                }

                for (var i = 0; i < fanOut; i++)
                {
                    b[(g * fanOut) + i] = (float)(((2 * random.NextDouble()) - 1) * bound);
                }
            }

            _weights.Add(new Parameter(tensor(w, [groups, fanIn, fanOut])));
            _biases.Add(new Parameter(tensor(b, [groups, 1, fanOut])));
        }
    }

    /// <summary>Number of independent networks G.</summary>
    public int Groups { get; }

    /// <summary>Input width.</summary>
    public int Inputs { get; }

    /// <summary>Output width.</summary>
    public int Outputs { get; }

    /// <summary>Hidden widths.</summary>
    public int[] Hidden { get; }

    /// <summary>Hidden nonlinearity.</summary>
    public HiddenActivation Activation { get; }

    /// <summary>Number of layers.</summary>
    public int Layers => _weights.Count;

    /// <summary>Trainable tensors, weights then biases per layer.</summary>
    public IReadOnlyList<Parameter> Parameters => [.. _weights.Zip(_biases).SelectMany(p => new[] { p.First, p.Second })];

    /// <summary>Weight of a layer, [G, in, out].</summary>
    public Parameter Weight(int layer) => _weights[layer];

    /// <summary>Bias of a layer, [G, 1, out].</summary>
    public Parameter Bias(int layer) => _biases[layer];

    /// <summary>Linear output (no output nonlinearity): x [..., G, n, in] → [..., G, n, out].</summary>
    public Tensor Forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x;
        for (var layer = 0; layer < _weights.Count; layer++)
        {
            h = (h.dim() == 3 && h.shape[0] == Groups ? bmm(h, _weights[layer]) : matmul(h, _weights[layer])).add_(_biases[layer]);
            if (layer < _weights.Count - 1)
            {
                h = Activation == HiddenActivation.Relu ? h.relu_() : h.tanh_();
            }
        }

        return h.MoveToOuterDisposeScope();
    }

    /// <summary>Forward for an input given in two parts [G, n, a] and [G, n, b] (a + b = in) without concatenating
    /// them: the first layer multiplies each part by its rows of the weight.</summary>
    public Tensor Forward(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var a = first.shape[^1];
        var w = _weights[0];
        var h = bmm(first, w.narrow(1, 0, a)).add_(bmm(second, w.narrow(1, a, w.shape[1] - a))).add_(_biases[0]);
        for (var layer = 1; layer < _weights.Count; layer++)
        {
            h = Activation == HiddenActivation.Relu ? h.relu_() : h.tanh_();
            h = bmm(h, _weights[layer]).add_(_biases[layer]);
        }

        return h.MoveToOuterDisposeScope();
    }

    /// <summary>Copies every parameter from another network of the same shape, optionally from one source group into all groups.</summary>
    public void CopyFrom(BatchedMlp source, int? sourceGroup = null)
    {
        using var noGrad = no_grad();
        for (var layer = 0; layer < _weights.Count; layer++)
        {
            Assign(_weights[layer], source._weights[layer], sourceGroup);
            Assign(_biases[layer], source._biases[layer], sourceGroup);
        }
    }

    /// <summary>Copies group <paramref name="sourceGroup"/> of <paramref name="source"/> into group <paramref name="targetGroup"/>.</summary>
    public void CopyGroup(BatchedMlp source, int sourceGroup, int targetGroup)
    {
        using var noGrad = no_grad();
        for (var layer = 0; layer < _weights.Count; layer++)
        {
            _weights[layer][targetGroup].copy_(source._weights[layer][sourceGroup]);
            _biases[layer][targetGroup].copy_(source._biases[layer][sourceGroup]);
        }
    }

    /// <summary>All parameters flattened (checkpoints).</summary>
    public float[][] Snapshot() => [.. Parameters.Select(p => p.detach().cpu().data<float>().ToArray())];

    /// <summary>Restores a <see cref="Snapshot"/>.</summary>
    public void Restore(float[][] values)
    {
        var parameters = Parameters;
        if (values.Length != parameters.Count)
        {
            throw new InvalidDataException($"snapshot has {values.Length} tensors, the network {parameters.Count}");
        }

        using var noGrad = no_grad();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i].Length != parameters[i].numel())
            {
                throw new InvalidDataException($"snapshot tensor {i} has {values[i].Length} values, the network {parameters[i].numel()}");
            }

            using var source = tensor(values[i], parameters[i].shape);
            parameters[i].copy_(source);
        }
    }

    /// <summary>One group's layers as row-major [in, out] weights and [out] biases (export).</summary>
    public (float[] Weight, float[] Bias, int In, int Out)[] GroupLayers(int group)
    {
        var layers = new (float[], float[], int, int)[_weights.Count];
        for (var layer = 0; layer < _weights.Count; layer++)
        {
            var w = _weights[layer];
            layers[layer] = (w[group].detach().contiguous().data<float>().ToArray(), _biases[layer][group].detach().contiguous().data<float>().ToArray(), (int)w.shape[1], (int)w.shape[2]);
        }

        return layers;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var p in Parameters)
        {
            p.Dispose();
        }
    }

    private static void Assign(Parameter target, Parameter source, int? sourceGroup)
    {
        if (sourceGroup is { } g)
        {
            target.copy_(source[g].unsqueeze(0).expand_as(target));
        }
        else
        {
            target.copy_(source);
        }
    }
}
