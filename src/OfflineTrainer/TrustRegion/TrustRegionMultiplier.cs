namespace IndustrialSafeRL.OfflineTrainer.TrustRegion;

/// <summary>Checkpoint state of <see cref="TrustRegionMultiplier"/>.</summary>
/// <param name="Beta">β_k.</param>
/// <param name="M">Adam first moments.</param>
/// <param name="V">Adam second moments.</param>
/// <param name="Steps">Updates done.</param>
public sealed record TrustRegionMultiplierState(double[] Beta, double[] M, double[] V, long Steps);

/// <summary>The Lagrange multipliers β_k ≥ 0, one per policy, each trained by Adam on its own loss
/// L_β = β·sg(ε − C_β·max_s D_k(s)): the gradient is ε − C_β·max D, so β rises while max D &gt; ε/C_β and falls
/// (to 0, where it is clamped) otherwise. Plain doubles: a handful of scalars, exactly reproducible.</summary>
public sealed class TrustRegionMultiplier
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double AdamEpsilon = 1e-8;
    private readonly double[] _beta;
    private readonly double[] _m;
    private readonly double[] _v;

    /// <summary>K multipliers starting at <paramref name="initial"/>.</summary>
    public TrustRegionMultiplier(int policies, double initial, double learningRate, double epsilon, double cBeta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(policies);
        ArgumentOutOfRangeException.ThrowIfNegative(initial);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        ArgumentOutOfRangeException.ThrowIfLessThan(cBeta, 1.0);
        _beta = Enumerable.Repeat(initial, policies).ToArray();
        _m = new double[policies];
        _v = new double[policies];
        LearningRate = learningRate;
        Epsilon = epsilon;
        CBeta = cBeta;
    }

    /// <summary>Adam step size.</summary>
    public double LearningRate { get; }

    /// <summary>ε_KL.</summary>
    public double Epsilon { get; }

    /// <summary>C_β.</summary>
    public double CBeta { get; }

    /// <summary>Current β_k.</summary>
    public IReadOnlyList<double> Beta => _beta;

    /// <summary>Updates done.</summary>
    public long Steps { get; private set; }

    /// <summary>dL_β/dβ for a measured max D: ε − C_β·max D (max D is a constant for β: the stop-gradient).</summary>
    public double Gradient(double maxDivergence) => Epsilon - (CBeta * maxDivergence);

    /// <summary>One Adam step on every β_k from the max D_k of the current minibatch, then β_k ← max(0, β_k).</summary>
    public void Update(IReadOnlyList<double> maxDivergence)
    {
        ArgumentNullException.ThrowIfNull(maxDivergence);
        if (maxDivergence.Count != _beta.Length)
        {
            throw new ArgumentException($"{maxDivergence.Count} max-D values for {_beta.Length} multipliers", nameof(maxDivergence));
        }

        Steps++;
        var correction1 = 1 - Math.Pow(Beta1, Steps);
        var correction2 = 1 - Math.Pow(Beta2, Steps);
        for (var k = 0; k < _beta.Length; k++)
        {
            var g = Gradient(maxDivergence[k]);
            _m[k] = (Beta1 * _m[k]) + ((1 - Beta1) * g);
            _v[k] = (Beta2 * _v[k]) + ((1 - Beta2) * g * g);
            var step = LearningRate * (_m[k] / correction1) / (Math.Sqrt(_v[k] / correction2) + AdamEpsilon);
            _beta[k] = Math.Max(0, _beta[k] - step);
        }
    }

    /// <summary>State for a checkpoint.</summary>
    public TrustRegionMultiplierState Snapshot() => new([.. _beta], [.. _m], [.. _v], Steps);

    /// <summary>Restores a <see cref="Snapshot"/>.</summary>
    public void Restore(TrustRegionMultiplierState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Beta.Length != _beta.Length || state.M.Length != _m.Length || state.V.Length != _v.Length)
        {
            throw new InvalidDataException($"trust-region multiplier snapshot has {state.Beta.Length} multipliers, the search {_beta.Length}");
        }

        state.Beta.CopyTo(_beta, 0);
        state.M.CopyTo(_m, 0);
        state.V.CopyTo(_v, 0);
        Steps = state.Steps;
    }
}
