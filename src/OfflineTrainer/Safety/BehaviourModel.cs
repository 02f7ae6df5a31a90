using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Losses;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Torch;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Safety;

/// <summary>Gaussian behaviour model β(a|s) = N(tanh μ(s), diag σ(s)²) on the normalised window, fitted by
/// maximum likelihood. Its mean network is also the behaviour-cloning warm start of the policies.</summary>
public sealed class BehaviourModel : IDisposable
{
    private const double MinLogStd = -5;
    private const double MaxLogStd = 1;

    /// <summary>Creates an untrained model.</summary>
    public BehaviourModel(PlantLayout layout, IReadOnlyList<int> hidden, long seed)
    {
        Layout = layout;
        Network = new BatchedMlp(1, layout.WindowWidth, hidden, 2 * layout.ActionWidth, HiddenActivation.Tanh, seed);
    }

    /// <summary>The layout.</summary>
    public PlantLayout Layout { get; }

    /// <summary>One network, outputs [μ pre-tanh | log σ].</summary>
    public BatchedMlp Network { get; }

    /// <summary>δ: the configured percentile of log β(a|s) on the data (set by <see cref="Fit"/>).</summary>
    public double Delta { get; private set; }

    /// <summary>Sets δ from a checkpoint.</summary>
    public void SetDelta(double delta) => Delta = delta;

    /// <summary>log β(a|s) for windows [..., n, L·D] and actions [..., n, A] → [..., n].</summary>
    public Tensor LogLikelihood(Tensor window, Tensor action)
    {
        using var scope = NewDisposeScope();
        var output = Network.Forward(window);
        var a = Layout.ActionWidth;
        var mean = output.narrow(-1, 0, a).tanh();
        var logStd = output.narrow(-1, a, a).clamp(MinLogStd, MaxLogStd);
        return LikelihoodHinge.GaussianLogLikelihood(action, mean, logStd).MoveToOuterDisposeScope();
    }

    /// <summary>Fits by maximum likelihood and sets δ; returns the final mean negative log-likelihood.</summary>
    public double Fit(WindowedData data, SafetyConfig config, long seed, Action<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var random = new Random(unchecked((int)seed));
        using var optimizer = new AdamOptimizer(Network.Parameters, 1e-3);
        var batch = new long[config.BehaviourBatchSize];
        double last = 0;
        for (var step = 0; step < config.BehaviourSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            CollectionPause.Renew();
            using var scope = NewDisposeScope();
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = random.Next(data.Count);
            }

            var index = tensor(batch);
            var window = data.Windows(index).reshape(1, batch.Length, -1);
            var action = data.Actions(index).unsqueeze(0);
            optimizer.ZeroGrad();
            var loss = -LogLikelihood(window, action).mean();
            loss.backward();
            optimizer.Step();
            last = (0.98 * last) + (0.02 * loss.item<float>());
            if ((step + 1) % 100 == 0 || step + 1 == config.BehaviourSteps)
            {
                progress?.Invoke(new ProgressUpdate("behaviour", step + 1, config.BehaviourSteps, $"nll {loss.item<float>():F3}"));
            }
        }

        Delta = Percentile(LogLikelihoodOnData(data), config.LikelihoodPercentile);
        return last;
    }

    /// <summary>log β(a|s) of every logged pair.</summary>
    public float[] LogLikelihoodOnData(WindowedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var noGrad = no_grad();
        var values = new float[data.Count];
        const int chunk = 8192;
        for (var start = 0; start < data.Count; start += chunk)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(chunk, data.Count - start);
            var index = arange(start, start + length, dtype: ScalarType.Int64);
            var ll = LogLikelihood(data.Windows(index).reshape(1, length, -1), data.Actions(index).unsqueeze(0));
            ll.reshape(-1).data<float>().ToArray().CopyTo(values, start);
        }

        return values;
    }

    /// <summary>Linear-interpolated percentile (0..100).</summary>
    public static double Percentile(IReadOnlyList<float> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Select(v => (double)v).Order().ToArray();
        return Quantile(sorted, percent / 100);
    }

    /// <summary>Quantile q in [0, 1] of sorted values, linear interpolation.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}
