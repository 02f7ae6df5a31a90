using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Torch;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Models;

/// <summary>Validation history of one ensemble training.</summary>
/// <param name="ValidationLoss">Per epoch, per member: mean squared error on the held-out 10 % (normalised units).</param>
/// <param name="BestValidationLoss">Per member: the loss of the kept (best) epoch.</param>
/// <param name="InitialValidationLoss">Per member: the loss before training.</param>
public sealed record EnsembleTrainingResult(List<double[]> ValidationLoss, double[] BestValidationLoss, double[] InitialValidationLoss);

/// <summary>Trains the transition ensemble: one shared 90/10 split, a bootstrap resample of the training part
/// per member, distinct initial seeds, all members in one batched pass, early stopping per member.</summary>
public static class TransitionEnsembleTraining
{
    /// <summary>Trains <paramref name="ensemble"/> in place on <paramref name="data"/>.</summary>
    public static EnsembleTrainingResult Train(TransitionEnsemble ensemble, WindowedData data, TransitionEnsembleConfig config, long seed,
        Action<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var m = ensemble.Members;
        var random = new Random(unchecked((int)seed));
        var order = Enumerable.Range(0, data.Count).ToArray();
        random.Shuffle(order);
        var validationCount = Math.Max(1, (int)Math.Round(data.Count * config.ValidationFraction));
        if (data.Count - validationCount < 1)
        {
            throw new InvalidDataException($"the data holds {data.Count} transitions: too few to split for validation");
        }

        var validation = order[..validationCount].Select(i => (long)i).ToArray();
        var training = order[validationCount..];
        var bootstrap = new long[m][];
        for (var g = 0; g < m; g++)
        {
            bootstrap[g] = config.Bootstrap
                ? [.. Enumerable.Range(0, training.Length).Select(_ => (long)training[random.Next(training.Length)])]
                : [.. training.Select(i => (long)i)];
        }

        using var validationIndex = tensor(validation);
        using var validationInputs = data.ModelInputs(validationIndex);
        using var validationTargets = data.Targets(validationIndex);
        using var best = new BatchedMlp(m, ensemble.Network.Inputs, ensemble.Network.Hidden, ensemble.Network.Outputs, ensemble.Network.Activation, seed);
        best.CopyFrom(ensemble.Network);
        using var optimizer = new AdamOptimizer(ensemble.Network.Parameters, config.LearningRate);

        var initial = Validate(ensemble.Network, validationInputs, validationTargets);
        var bestLoss = (double[])initial.Clone();
        var stale = new int[m];
        var curves = new List<double[]>();
        var batch = new long[m * config.BatchSize];
        for (var epoch = 0; epoch < config.MaxEpochs; epoch++)
        {
            double trainLoss = 0;
            for (var step = 0; step < config.StepsPerEpoch; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                CollectionPause.Renew();
                using var scope = NewDisposeScope();
                for (var g = 0; g < m; g++)
                {
                    var source = bootstrap[g];
                    for (var i = 0; i < config.BatchSize; i++)
                    {
                        batch[(g * config.BatchSize) + i] = source[random.Next(source.Length)];
                    }
                }

                var index = tensor(batch);
                var inputs = data.ModelInputs(index).reshape(m, config.BatchSize, -1);
                var targets = data.Targets(index).reshape(m, config.BatchSize, -1);
                optimizer.ZeroGrad();
                // Sum over members of each member's mean: members learn independently at the same pace.
                var loss = (ensemble.Network.Forward(inputs) - targets).square().mean([1, 2]).sum();
                loss.backward();
                optimizer.Step();
                trainLoss += loss.item<float>() / m;
            }

            var losses = Validate(ensemble.Network, validationInputs, validationTargets);
            curves.Add(losses);
            for (var g = 0; g < m; g++)
            {
                if (losses[g] < bestLoss[g])
                {
                    bestLoss[g] = losses[g];
                    stale[g] = 0;
                    best.CopyGroup(ensemble.Network, g, g);
                }
                else
                {
                    stale[g]++;
                }
            }

            progress?.Invoke(new ProgressUpdate("models", epoch + 1, config.MaxEpochs,
                $"train {trainLoss / config.StepsPerEpoch:F4}  validation {string.Join(' ', losses.Select(l => l.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}"));
            if (stale.All(s => s >= config.Patience))
            {
                break;
            }
        }

        ensemble.Network.CopyFrom(best);
        return new EnsembleTrainingResult(curves, bestLoss, initial);
    }

    /// <summary>Per-member validation MSE.</summary>
    public static double[] Validate(BatchedMlp network, Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        const int chunk = 8192;
        var n = inputs.shape[0];
        var sums = zeros(network.Groups);
        for (long start = 0; start < n; start += chunk)
        {
            var length = Math.Min(chunk, n - start);
            var x = inputs.narrow(0, start, length).unsqueeze(0).expand(network.Groups, -1, -1).contiguous();
            var y = targets.narrow(0, start, length).unsqueeze(0);
            sums += (network.Forward(x) - y).square().sum([1, 2]);
        }

        var values = (sums / (n * targets.shape[1])).data<float>().ToArray();
        return [.. values.Select(v => (double)v)];
    }
}
