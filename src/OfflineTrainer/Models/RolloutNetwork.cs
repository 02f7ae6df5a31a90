using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Models;

/// <summary>A <see cref="BatchedMlp"/>'s weights rearranged once per training step for the rollout's inner loop,
/// where the same network runs H times. Tanh hidden layers are re-parametrised onto sigmoid, tanh(z) = 2σ(2z) − 1,
/// with the affine parts folded into the next layer's weight and bias: exact and differentiable (the gradient flows
/// back to the <see cref="BatchedMlp"/>'s parameters), and libtorch's CPU sigmoid is vectorised where its tanh is
/// not (≈ 8× slower here). Each layer is one baddbmm plus the activation; the tensors belong to the caller's
/// dispose scope.</summary>
public sealed class RolloutNetwork
{
    private readonly Tensor[] _weights;
    private readonly Tensor[] _biases;
    private readonly bool _relu;
    private readonly Tensor? _firstPart;  // rows of the first weight that multiply the first input part
    private readonly Tensor? _secondPart;

    private RolloutNetwork(Tensor[] weights, Tensor[] biases, bool relu, long firstInputs)
    {
        _weights = weights;
        _biases = biases;
        _relu = relu;
        if (firstInputs > 0)
        {
            // Narrowed once here, not per step: a narrow in the loop costs a full-size gradient buffer per step.
            var w = weights[0];
            _firstPart = w.narrow(1, 0, firstInputs).contiguous();
            _secondPart = w.narrow(1, firstInputs, w.shape[1] - firstInputs).contiguous();
        }
    }

    /// <summary>Prepares <paramref name="network"/>; with <paramref name="firstInputs"/> &gt; 0 the first layer takes
    /// its input in two parts (<see cref="Hidden"/>), the first that many wide.</summary>
    public static RolloutNetwork Prepare(BatchedMlp network, long firstInputs = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        var layers = network.Layers;
        var weights = new Tensor[layers];
        var biases = new Tensor[layers];
        var tanh = network.Activation == HiddenActivation.Tanh;
        for (var layer = 0; layer < layers; layer++)
        {
            Tensor w = network.Weight(layer);
            Tensor b = network.Bias(layer);
            if (tanh)
            {
                // Input of a layer after the first is 2u − 1 (u the sigmoid output): W(2u − 1) + b = (2W)u + (b − Σ_in W).
                if (layer > 0)
                {
                    b = b - w.sum(1, keepdim: true);
                    w = w * 2;
                }

                // A hidden layer feeds σ(2z): double its pre-activation.
                if (layer < layers - 1)
                {
                    w = w * 2;
                    b = b * 2;
                }
            }

            weights[layer] = w;
            biases[layer] = b;
        }

        return new RolloutNetwork(weights, biases, !tanh, firstInputs);
    }

    /// <summary>Linear output for x [G', n, in] → [G', n, out].</summary>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var h = AddProduct(_biases[0], x, _weights[0]);
        return Rest(h);
    }

    /// <summary>Number of layers.</summary>
    public int Layers => _weights.Length;

    /// <summary>True for ReLU hidden layers, false for the sigmoid that re-parametrises tanh.</summary>
    public bool Relu => _relu;

    /// <summary>Rows of the first weight that multiply the first input part, [G', first, out] (split networks only).</summary>
    internal Tensor FirstPart => _firstPart ?? throw new InvalidOperationException("prepared without a split first input");

    /// <summary>Rows of the first weight that multiply the second input part (split networks only).</summary>
    internal Tensor SecondPart => _secondPart ?? throw new InvalidOperationException("prepared without a split first input");

    /// <summary>Weight of a layer as prepared, [G', in, out] (after any re-parametrisation).</summary>
    public Tensor Weight(int layer) => _weights[layer];

    /// <summary>Bias of a layer as prepared, [G', 1, out].</summary>
    public Tensor Bias(int layer) => _biases[layer];

    /// <summary>The last hidden layer's output [G', n, hidden] (what the output layer multiplies), for callers
    /// that fold the output layer into their own computation.</summary>
    public Tensor Hidden(Tensor first, Tensor second)
    {
        var h = Activate(FirstLayer(first, second));
        for (var layer = 1; layer < _weights.Length - 1; layer++)
        {
            h = Activate(AddProduct(_biases[layer], h, _weights[layer]));
        }

        return h;
    }

    /// <summary>bias + x·w in one call. TorchSharp 0.107's <c>Tensor.baddbmm(b1, b2)</c> binds its arguments as
    /// input = b2, batch1 = this, batch2 = b1; the test <c>AddProduct_is_bias_plus_batched_product</c> pins it.</summary>
    public static Tensor AddProduct(Tensor bias, Tensor x, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        return x.baddbmm(w, bias);
    }

    private Tensor FirstLayer(Tensor first, Tensor second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (_firstPart is null)
        {
            throw new InvalidOperationException("prepared without a split first input");
        }

        return AddProduct(AddProduct(_biases[0], first, _firstPart), second, _secondPart!);
    }

    private Tensor Rest(Tensor h)
    {
        for (var layer = 1; layer < _weights.Length; layer++)
        {
            h = AddProduct(_biases[layer], Activate(h), _weights[layer]);
        }

        return h;
    }

    /// <summary>The hidden nonlinearity in place: ReLU, or the sigmoid of the tanh re-parametrisation.</summary>
    internal Tensor Activate(Tensor h) => _relu ? h.relu_() : h.sigmoid_();
}
