using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Retrain;

/// <summary>Bound violations of model rollouts on a fixed set of start windows.</summary>
/// <param name="Uniform">Fraction of rollout steps (over K policies, starts, H steps) whose state is outside the bounds, from uniform logged starts.</param>
/// <param name="FromAreas">The same from starts inside the data-derived retrain areas; null when no area holds a logged window.</param>
/// <param name="Starts">Start windows per set.</param>
/// <param name="DataAreas">Data-derived (logged + explicit) areas the area set was drawn from.</param>
public sealed record RolloutViolations(double Uniform, double? FromAreas, int Starts, int DataAreas)
{
    /// <summary>Measures both rates for <paramref name="policies"/>: <paramref name="count"/> uniform starts and
    /// <paramref name="count"/> starts from <paramref name="dataAreas"/>, drawn from generators seeded by
    /// <paramref name="seed"/> so runs of the same data and seed share the evaluation sets.</summary>
    public static RolloutViolations Measure(WindowedData data, RetrainStartSampler dataAreas, PolicySet policies, TransitionEnsemble ensemble,
        float[] low, float[] high, int horizon, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dataAreas);
        ArgumentNullException.ThrowIfNull(ensemble);
        var members = ensemble.Members;
        var perMember = (count + members - 1) / members;
        count = members * perMember;
        var uniformRandom = new Random(unchecked((int)((seed * 7_368_787) + 17)));
        var uniform = new long[count];
        for (var i = 0; i < count; i++)
        {
            uniform[i] = uniformRandom.Next(data.Count);
        }

        var areaIndex = dataAreas.SampleFromAreas(count, new Random(unchecked((int)((seed * 7_368_787) + 29))));
        return new RolloutViolations(
            Rate(data, uniform, perMember, policies, ensemble, low, high, horizon),
            areaIndex.Length == 0 ? null : Rate(data, areaIndex, perMember, policies, ensemble, low, high, horizon),
            count,
            dataAreas.Areas.Count);
    }

    /// <summary>Fraction of the states of <paramref name="states"/> ([..., D], normalised) with some dimension outside [low, high].</summary>
    public static double Fraction(Tensor states, float[] low, float[] high)
    {
        ArgumentNullException.ThrowIfNull(states);
        using var scope = NewDisposeScope();
        var outside = (states < tensor(low)).logical_or(states > tensor(high)).any(-1);
        return outside.to(ScalarType.Float64).mean().item<double>();
    }

    private static double Rate(WindowedData data, long[] index, int perMember, PolicySet policies, TransitionEnsemble ensemble,
        float[] low, float[] high, int horizon)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var indices = tensor(index);
        var starts = data.Windows(indices).view(ensemble.Members, perMember, data.Layout.HistoryLength, data.Layout.ObservationWidth);
        var rollout = ModelRollout.Run(starts, policies, ensemble, null, horizon);
        return Fraction(rollout.States, low, high);
    }
}
