using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Checkpoints;
using IndustrialSafeRL.OfflineTrainer.Data;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>Warm start from the previous iteration: its final policy weights, with the change of normalisation
/// (this iteration's mean/std differ) folded into the first layer so the policies act exactly as before.</summary>
public static class PolicyWarmStart
{
    /// <summary>Loads <c>&lt;previousRun&gt;/checkpoints/search.bin</c>; false when absent or of another shape.</summary>
    public static bool TryLoad(string previousRun, PlantLayout layout, PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(policies);
        var weightsFile = Path.Combine(previousRun, "checkpoints", "search.bin");
        var manifestFile = Path.Combine(previousRun, "policy-0", PolicyManifest.FileName);
        if (!File.Exists(weightsFile) || !File.Exists(manifestFile))
        {
            return false;
        }

        var manifest = PolicyManifest.Load(manifestFile);
        if (!manifest.Observation.Tags.SequenceEqual(layout.ObservationTags) || manifest.Observation.HistoryLength != layout.HistoryLength
            || !manifest.Action.Low.SequenceEqual(layout.ActionLow) || !manifest.Action.High.SequenceEqual(layout.ActionHigh))
        {
            return false;
        }

        var weights = TensorArchive.Load(weightsFile)["policies"];
        var parameters = policies.Network.Parameters;
        if (weights.Length != parameters.Count || weights.Zip(parameters).Any(p => p.First.Length != p.Second.numel()))
        {
            return false;
        }

        policies.Network.Restore(weights);
        // The guide action (after the window in a guided network's input) is not renormalised: ratio 1, shift 0.
        var width = policies.Network.Inputs;
        var d = layout.ObservationWidth;
        var ratio = Enumerable.Repeat(1f, width).ToArray();
        var shift = new float[width];
        for (var i = 0; i < layout.WindowWidth; i++)
        {
            var tag = i % d;
            ratio[i] = (float)(layout.ObservationStd[tag] / manifest.Observation.Std[tag]);
            shift[i] = (float)((layout.ObservationMean[tag] - manifest.Observation.Mean[tag]) / manifest.Observation.Std[tag]);
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var w = policies.Network.Weight(0);
        var b = policies.Network.Bias(0);
        var s = tensor(shift).reshape(1, 1, width);
        b.add_(matmul(s.expand(w.shape[0], 1, width), w));
        w.mul_(tensor(ratio).reshape(1, width, 1));
        return true;
    }
}
