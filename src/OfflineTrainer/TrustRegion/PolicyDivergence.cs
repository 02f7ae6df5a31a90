using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.TrustRegion;

/// <summary>D_k(s) = ‖π_k(s) − π_old,k(s)‖²/(2σ²) on normalised actions in [-1, 1] (the KL divergence of two Gaussians
/// with the same fixed σ), on the logged windows. The predecessor's actions on every logged window are computed once
/// and kept: π_old never changes during an iteration.</summary>
public sealed class PolicyDivergence : IDisposable
{
    /// <summary>Windows per no-grad chunk when a pass covers all logged states.</summary>
    public const int EvaluationChunk = 4096;

    private readonly WindowedData _data;
    private readonly Tensor _predecessorActions; // [K, N, A]

    /// <summary>Keeps the predecessor's actions [K, N, A] (N = logged windows) and σ.</summary>
    public PolicyDivergence(WindowedData data, Tensor predecessorActions, double sigma)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predecessorActions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        if (predecessorActions.dim() != 3 || predecessorActions.shape[1] != data.Count || predecessorActions.shape[2] != data.Layout.ActionWidth)
        {
            throw new ArgumentException($"predecessor actions must be [K, {data.Count}, {data.Layout.ActionWidth}], are [{string.Join(", ", predecessorActions.shape)}]", nameof(predecessorActions));
        }

        _data = data;
        // Owned by this object, not by whatever dispose scope the caller has open.
        _predecessorActions = predecessorActions.detach().clone().DetachFromDisposeScope();
        Sigma = sigma;
    }

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <summary>Number of policies K.</summary>
    public int Policies => (int)_predecessorActions.shape[0];

    /// <summary>Number of logged windows N.</summary>
    public int States => _data.Count;

    /// <summary>Takes the predecessors from <paramref name="predecessors"/> as they are now (call right after the
    /// warm start, before any training step): policy k's predecessor is its own current network, or, with
    /// <paramref name="predecessorIndex"/> j, network j for every k.</summary>
    public static PolicyDivergence FromPolicies(WindowedData data, PolicySet predecessors, int? predecessorIndex, double sigma)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predecessors);
        if (predecessorIndex is { } j && (j < 0 || j >= predecessors.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(predecessorIndex), j, $"must be in [0, {predecessors.Count})");
        }

        using var scope = NewDisposeScope();
        var actions = AllActions(data, predecessors);
        if (predecessorIndex is { } p)
        {
            actions = actions[p].unsqueeze(0).expand(predecessors.Count, -1, -1).contiguous();
        }

        return new PolicyDivergence(data, actions, sigma);
    }

    /// <summary>D for actions [..., A] → [...]: Σ_j (new_j − old_j)² / (2σ²).</summary>
    public static Tensor Compute(Tensor newActions, Tensor oldActions, double sigma)
    {
        ArgumentNullException.ThrowIfNull(newActions);
        ArgumentNullException.ThrowIfNull(oldActions);
        using var scope = NewDisposeScope();
        return ((newActions - oldActions).square().sum(-1) / (2 * sigma * sigma)).MoveToOuterDisposeScope();
    }

    /// <summary>D_k(s) of the current policies on the logged windows <paramref name="indices"/> [n] → [K, n], with gradient.</summary>
    public Tensor On(PolicySet policies, Tensor indices)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(indices);
        using var scope = NewDisposeScope();
        var current = policies.Act(PolicyInput(_data, indices, policies.Count));
        var old = _predecessorActions.index_select(1, indices);
        return Compute(current, old, Sigma).MoveToOuterDisposeScope();
    }

    /// <summary>max_s D_k(s) over every logged window, per policy (no gradient).</summary>
    public double[] MaxOverAll(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var max = new double[policies.Count];
        using var noGrad = no_grad();
        for (var start = 0; start < States; start += EvaluationChunk)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(EvaluationChunk, States - start);
            var chunkMax = On(policies, arange(start, start + count, dtype: ScalarType.Int64)).amax(1).data<float>().ToArray();
            for (var k = 0; k < max.Length; k++)
            {
                max[k] = Math.Max(max[k], chunkMax[k]);
            }
        }

        return max;
    }

    /// <summary>Logged-window indices of main-phase step <paramref name="step"/>, drawn from a generator seeded by
    /// (seed, step) like the search's start windows, so a resumed run draws the same ones.</summary>
    public long[] SampleIndices(long seed, int step, int count)
    {
        var random = new Random(unchecked((int)((seed * 1_000_033) + (step * 7907) + 54321)));
        var index = new long[count];
        for (var i = 0; i < count; i++)
        {
            index[i] = random.Next(States);
        }

        return index;
    }

    /// <inheritdoc />
    public void Dispose() => _predecessorActions.Dispose();

    private static Tensor AllActions(WindowedData data, PolicySet policies)
    {
        using var noGrad = no_grad();
        var chunks = new List<Tensor>();
        for (var start = 0; start < data.Count; start += EvaluationChunk)
        {
            var count = Math.Min(EvaluationChunk, data.Count - start);
            using var indices = arange(start, start + count, dtype: ScalarType.Int64);
            chunks.Add(policies.Act(PolicyInput(data, indices, policies.Count)));
        }

        return cat(chunks, 1);
    }

    private static Tensor PolicyInput(WindowedData data, Tensor indices, int policies)
    {
        using var scope = NewDisposeScope();
        var n = indices.shape[0];
        return data.Windows(indices).reshape(1, n, data.Layout.WindowWidth).expand(policies, n, data.Layout.WindowWidth).contiguous().MoveToOuterDisposeScope();
    }
}
