using System.Diagnostics;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Guide;
using IndustrialSafeRL.OfflineTrainer.Losses;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Retrain;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Torch;
using IndustrialSafeRL.OfflineTrainer.TrustRegion;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Search;

/// <summary>The loss terms of one policy-search step (means over the step's start windows).</summary>
/// <param name="Step">Step index (0-based).</param>
/// <param name="Loss">Total loss L.</param>
/// <param name="Returns">J_k per policy.</param>
/// <param name="Penalties">Pen_k per policy (0 with safety off).</param>
/// <param name="MinLsed">MinLSED.</param>
public sealed record PolicySearchStep(int Step, double Loss, double[] Returns, double[] Penalties, double MinLsed);

/// <summary>The safety model the search uses.</summary>
/// <param name="Mode">Variant.</param>
/// <param name="Bounds">State bounds (raw units), always computed (they also go to the manifest).</param>
/// <param name="Behaviour">Behaviour model with δ, required for <see cref="SafetyMode.Likelihood"/>.</param>
public sealed record SafetyModel(SafetyMode Mode, StateBounds Bounds, BehaviourModel? Behaviour);

/// <summary>Joint training of K policies by back-propagation through H-step model rollouts:
/// L = −(1/K)Σ_k J_k + α_s·(1/K)Σ_k Pen_k − α_d·MinLSED, α_s and α_d scaled by |J| at initialisation.
/// Start windows for step s are drawn from a generator seeded by (seed, s), so a resumed run repeats exactly.</summary>
public sealed class PolicySearch : IDisposable
{
    private readonly WindowedData _data;
    private readonly TransitionEnsemble _ensemble;
    private readonly SafetyModel _safety;
    private readonly PolicySearchConfig _config;
    private readonly long _seed;
    private readonly Tensor _low;
    private readonly Tensor _high;
    private readonly Tensor _diversityTags;
    private readonly AdamOptimizer _optimizer;
    private readonly Tensor[] _parameters; // the policies' trainable tensors, the only ones a step differentiates
    private readonly GuideConfig? _guide;
    private readonly int _threads;
    private HalfStepWorker? _worker;

    /// <summary>Prepares a search over <paramref name="policies"/> (already warm-started). With a guided policy set,
    /// <paramref name="guide"/> schedules β: step t trains and evaluates with β = β₀·decay^⌊t/every⌋.</summary>
    public PolicySearch(PolicySet policies, TransitionEnsemble ensemble, WindowedData data, SafetyModel safety, PolicySearchConfig config, long seed,
        GuideConfig? guide = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(safety);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (safety.Mode == SafetyMode.Likelihood && safety.Behaviour is null)
        {
            throw new ArgumentException("likelihood safety needs a behaviour model", nameof(safety));
        }

        Policies = policies;
        _ensemble = ensemble;
        _data = data;
        _safety = safety;
        _config = config;
        _seed = seed;
        var (lo, hi) = safety.Bounds.Normalised(data.Layout);
        _low = tensor(lo);
        _high = tensor(hi);
        _diversityTags = tensor(data.Layout.DiversityTags.Select(i => (long)i).ToArray());
        _parameters = [.. policies.Network.Parameters];
        _optimizer = new AdamOptimizer(policies.Network.Parameters, config.LearningRate, config.GradientClip);
        if (policies.Guide is not null)
        {
            _guide = guide ?? throw new ArgumentException("guided policies need the guide's β schedule", nameof(guide));
            _guide.Validate();
            policies.Beta = _guide.BetaAt(0);
        }

        WindowsPerMember = (config.StartWindows + ensemble.Members - 1) / ensemble.Members;
        _threads = get_num_threads();
        ParallelHalves = config.ParallelHalves && _threads >= 2 && WindowsPerMember % 2 == 0;
    }

    /// <summary>True when training steps roll out two halves of the start windows on two threads
    /// (<see cref="PolicySearchConfig.ParallelHalves"/>).</summary>
    public bool ParallelHalves { get; }

    /// <summary>Wall time of the two halves of the last parallel step (this thread's, the worker's), for the benchmark:
    /// the step lasts as long as the slower one.</summary>
    public (double First, double Second) LastHalfMilliseconds { get; private set; }

    /// <summary>The policies being trained.</summary>
    public PolicySet Policies { get; }

    /// <summary>ε-retrain start sampler (null: uniform starts). It sees the rollouts of training steps for its refreshes.</summary>
    public RetrainStartSampler? Retrain { get; init; }

    /// <summary>True when a share of every step's start windows comes from the logged episode starts
    /// (<see cref="PolicySearchConfig.EpisodeStartShare"/> &gt; 0 and at least
    /// <see cref="PolicySearchConfig.EpisodeStartMinimum"/> logged episodes).</summary>
    public bool DrawsEpisodeStarts => _config.EpisodeStartShare > 0 && _data.RunStarts.Length >= _config.EpisodeStartMinimum;

    /// <summary>Start windows per ensemble member per step (B rounded up to a multiple of M, divided by M).</summary>
    public int WindowsPerMember { get; }

    /// <summary>Norm of the last training step's gradient, before clipping.</summary>
    public double LastGradientNorm { get; private set; }

    /// <summary>Steps done.</summary>
    public int StepsDone { get; private set; }

    /// <summary>|J| at initialisation (mean over K), set by the first step; scales α_s and α_d.</summary>
    public double? InitialReturn { get; private set; }

    /// <summary>FixPO main-phase term added to every step's loss (null: no predecessor, no trust region).</summary>
    public TrustRegionPenalty? TrustRegion { get; set; }

    /// <summary>Loss terms of every step so far.</summary>
    public List<PolicySearchStep> History { get; } = [];

    /// <summary>Absolute safety weight.</summary>
    public double AlphaSafe(double relative) => PolicySearchLoss.Scale(relative, InitialReturn ?? 1);

    /// <summary>Runs steps until <paramref name="until"/> (exclusive), calling <paramref name="afterStep"/> after each.</summary>
    public void Run(int until, double alphaSafeRelative, Action<PolicySearchStep>? afterStep = null, CancellationToken cancellation = default)
    {
        while (StepsDone < until)
        {
            cancellation.ThrowIfCancellationRequested();
            CollectionPause.Renew();
            var step = TrainStep(alphaSafeRelative);
            History.Add(step);
            afterStep?.Invoke(step);
        }
    }

    /// <summary>One gradient step; returns its loss terms.</summary>
    public PolicySearchStep TrainStep(double alphaSafeRelative)
    {
        // Above all for the parallel halves: two threads in TorchSharp calls (see CollectionPause).
        using var pause = CollectionPause.Hold();
        using var scope = NewDisposeScope();
        ApplySchedule(StepsDone);
        var starts = SampleStarts(StepsDone);
        if (InitialReturn is null)
        {
            using var noGrad = no_grad();
            var initial = Evaluate(starts);
            InitialReturn = Math.Abs(initial.Returns.Average());
        }

        var alphaSafe = _safety.Mode == SafetyMode.Off ? 0 : PolicySearchLoss.Scale(alphaSafeRelative, InitialReturn.Value);
        var alphaDiversity = PolicySearchLoss.Scale(_config.AlphaDiversity, InitialReturn.Value);
        var alphaUncertainty = PolicySearchLoss.Scale(_config.AlphaUncertainty, InitialReturn.Value);
        if (ParallelHalves)
        {
            return TrainStepInHalves(starts, alphaSafe, alphaDiversity, alphaUncertainty);
        }

        var terms = Differentiate(starts, StepsDone, alphaSafe, alphaDiversity, alphaUncertainty, 1);
        var grads = terms.Gradients.ToList();
        var lossValue = terms.Loss.item<float>();
        if (TrustRegion is { } trust)
        {
            var term = trust.Term(Policies, StepsDone, InitialReturn.Value);
            grads = [.. grads.Zip(autograd.grad([term], _parameters), (x, y) => x + y)];
            lossValue += term.item<float>();
        }

        LastGradientNorm = _optimizer.Step(grads);
        TrustRegion?.AfterStep(StepsDone);
        var record = new PolicySearchStep(StepsDone, lossValue, ToArray(terms.Returns), ToArray(terms.Penalties), terms.MinLsed.item<float>());
        StepsDone++;
        return record;
    }

    /// <summary>One gradient step with the start windows split in two halves rolled out on two threads. Every term of
    /// the loss is a mean over start windows (MinLSED too: a mean of per-window minima), so L = (L₁ + L₂)/2 for equal
    /// halves and ∇L = (∇L₁ + ∇L₂)/2; each thread takes its half's gradient with autograd.grad (nothing accumulates
    /// into shared .grad), and the two are added in a fixed order.</summary>
    private PolicySearchStep TrainStepInHalves(Tensor starts, double alphaSafe, double alphaDiversity, double alphaUncertainty)
    {
        var n = starts.shape[1];
        var half = n / 2;
        var parts = new[] { starts.narrow(1, 0, half), starts.narrow(1, half, half) };
        var results = new HalfStep?[2];
        var failures = new Exception?[2];
        var halfTimes = new double[2];
        void RunHalf(int index)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                // One intra-op thread per half: the two halves use the two cores.
                set_num_threads(1);
                using var scope = NewDisposeScope();
                var terms = Differentiate(parts[index], -1, alphaSafe, alphaDiversity, alphaUncertainty, 0.5);
                results[index] = new HalfStep(terms.Loss.item<float>(), ToArray(terms.Returns), ToArray(terms.Penalties), terms.MinLsed.item<float>(),
                    terms.States.detach().MoveToOuterDisposeScope(), [.. terms.Gradients.Select(g => g.MoveToOuterDisposeScope())]);
            }
            catch (Exception e)
            {
                failures[index] = e;
            }

            halfTimes[index] = clock.Elapsed.TotalMilliseconds;
        }

        // The second half on the worker thread, the first on this one.
        _worker ??= new HalfStepWorker();
        _worker.Start(() => RunHalf(1));
        RunHalf(0);
        _worker.Wait();
        LastHalfMilliseconds = (halfTimes[0], halfTimes[1]);
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            set_num_threads(_threads);
            DisposeHalves(results);
            throw new InvalidOperationException($"policy-search step {StepsDone}: a half failed: {failure.Message}", failure);
        }

        // The gradient sum and Adam stay on one intra-op thread: their tensors are small, and an OpenMP region opened
        // for them leaves its idle worker spin-waiting into the next step's halves, on the core one of them needs.
        try
        {
            var (a, b) = (results[0]!, results[1]!);
            Retrain?.ObserveRollout(cat([a.States, b.States], 1), StepsDone);
            var grads = a.Grads.Zip(b.Grads, (x, y) => x + y).ToList();
            var lossValue = a.Loss + b.Loss;
            if (TrustRegion is { } trust)
            {
                var term = trust.Term(Policies, StepsDone, InitialReturn!.Value);
                var trustGrads = autograd.grad([term], _parameters);
                grads = [.. grads.Zip(trustGrads, (x, y) => x + y)];
                lossValue += term.item<float>();
            }

            LastGradientNorm = _optimizer.Step(grads);
            TrustRegion?.AfterStep(StepsDone);
            var record = new PolicySearchStep(StepsDone, lossValue, [.. a.Returns.Zip(b.Returns, (x, y) => (x + y) / 2)],
                [.. a.Penalties.Zip(b.Penalties, (x, y) => (x + y) / 2)], (a.MinLsed + b.MinLsed) / 2);
            StepsDone++;
            return record;
        }
        finally
        {
            set_num_threads(_threads);
            DisposeHalves(results);
        }
    }

    private static void DisposeHalves(HalfStep?[] results)
    {
        foreach (var r in results)
        {
            r?.States.Dispose();
            foreach (var g in r?.Grads ?? [])
            {
                g.Dispose();
            }
        }
    }

    private sealed record HalfStep(double Loss, double[] Returns, double[] Penalties, double MinLsed, Tensor States, Tensor[] Grads);

    /// <summary>Loss terms without a gradient step, on the given (or a fixed evaluation) set of start windows.</summary>
    public PolicySearchStep Evaluate(Tensor? starts = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        starts ??= SampleStarts(-1);
        var (returns, penalties, minLsed, _, _) = Terms(starts);
        return new PolicySearchStep(StepsDone, double.NaN, ToArray(returns), ToArray(penalties), minLsed.item<float>());
    }

    /// <summary>Pen^u_k per policy on <paramref name="starts"/>: mean over starts of Σ_t γ^t u_t, u_t the members'
    /// disagreement on the predicted next frame (<see cref="EnsembleRollout.Disagreement"/>), whatever α_u.</summary>
    public double[] Disagreement(Tensor starts)
    {
        ArgumentNullException.ThrowIfNull(starts);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var rollout = ModelRollout.Run(starts, Policies, _ensemble, null, _config.Horizon, disagreement: true);
        return ToArray(RolloutReturn.Compute(rollout.Disagreement!, _config.Gamma));
    }

    /// <summary>J per policy and member [K][M]: every logged episode-start window rolled out H steps in every member
    /// (not one member per window), so the members' estimates of the same starts can be compared.</summary>
    public double[][] MemberReturns()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var m = _ensemble.Members;
        using var indices = tensor(_data.EpisodeStarts);
        var windows = _data.Windows(indices);
        var count = windows.shape[0];
        var starts = windows.unsqueeze(0).expand(m, count, windows.shape[1], windows.shape[2]).contiguous();
        var rollout = ModelRollout.Run(starts, Policies, _ensemble, null, _config.Horizon);
        var weights = Discount.Weights(_config.Horizon, _config.Gamma, rollout.Rewards.device);
        var perMember = (rollout.Rewards * weights).sum(-1).view(Policies.Count, m, count).mean([2]);
        var values = perMember.data<float>().ToArray();
        return [.. Enumerable.Range(0, Policies.Count).Select(k => values.Skip(k * (int)m).Take((int)m).Select(v => (double)v).ToArray())];
    }

    /// <summary>Start windows at the logged episode starts (cycled to fill M·n), the states an evaluation episode
    /// starts from: the model-estimated return that ranks the exported policies.</summary>
    public Tensor EpisodeStartWindows()
    {
        var m = _ensemble.Members;
        var count = m * WindowsPerMember;
        var starts = _data.EpisodeStarts;
        var index = new long[count];
        for (var i = 0; i < count; i++)
        {
            index[i] = starts[i % starts.Length];
        }

        using var indices = tensor(index);
        return _data.Windows(indices).view(m, WindowsPerMember, _data.Layout.HistoryLength, _data.Layout.ObservationWidth);
    }

    /// <summary>Checkpoint state: step, |J|₀, optimizer moments, policy weights.</summary>
    public PolicySearchState Snapshot()
    {
        var (step, m, v) = _optimizer.Snapshot();
        return new PolicySearchState(StepsDone, InitialReturn, step, m, v, Policies.Network.Snapshot(), [.. History]);
    }

    /// <summary>Restores a <see cref="Snapshot"/>.</summary>
    public void Restore(PolicySearchState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Policies.Network.Restore(state.Policies);
        _optimizer.Restore(state.OptimizerStep, state.OptimizerM, state.OptimizerV);
        StepsDone = state.StepsDone;
        InitialReturn = state.InitialReturn;
        History.Clear();
        History.AddRange(state.History);
        ApplySchedule(Math.Max(0, StepsDone - 1));
    }

    /// <summary>β of the last step trained (the one the exported policies were trained with); β₀ before any step.</summary>
    public double Beta => Policies.Beta;

    /// <summary>Sets β for step <paramref name="step"/> (no-op without a guide).</summary>
    public void ApplySchedule(int step)
    {
        if (_guide is not null)
        {
            Policies.Beta = _guide.BetaAt(step);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _low.Dispose();
        _high.Dispose();
        _diversityTags.Dispose();
        _optimizer.Dispose();
        _worker?.Dispose();
    }

    /// <summary>True when training steps take their gradient with <see cref="AdjointRollout"/> rather than autograd
    /// (<see cref="PolicySearchConfig.AdjointSweep"/>, where it applies).</summary>
    public bool UsesAdjointSweep => _config.AdjointSweep && AdjointRollout.Supports(Policies, _safety.Mode, _config.AlphaUncertainty > 0);

    private sealed record StepTerms(Tensor Loss, Tensor Returns, Tensor Penalties, Tensor MinLsed, Tensor States, Tensor[] Gradients);

    // The loss (times weight) on the given starts and its gradient on the policy parameters: by the hand-written reverse
    // sweep where it applies, else by autograd.grad over the policies' parameters only (not loss.backward(), which
    // would also compute and accumulate the gradient of every frozen ensemble weight, ≈ 16 % of a single-threaded step).
    private StepTerms Differentiate(Tensor starts, int trainingStep, double alphaSafe, double alphaDiversity, double alphaUncertainty, double weight)
    {
        if (UsesAdjointSweep)
        {
            var (sweep, statesValue, rewardsValue) = AdjointRollout.Run(starts, Policies, _ensemble, _config.Horizon);
            var states = statesValue.requires_grad_();
            var rewards = rewardsValue?.requires_grad_();
            var rollout = new ModelRollout.Result(rewards ?? sweep.ExpressionRewards(states), states, null);
            var (returns, penalties, minLsed, _, _) = TermsOf(rollout, trainingStep);
            var loss = PolicySearchLoss.Compute(returns, penalties, minLsed, alphaSafe, alphaDiversity) * weight;
            // A learned reward with one policy and no safety term leaves the states out of the loss: no gradient there.
            var leaves = rewards is null ? new[] { states } : [states, rewards];
            var gradients = autograd.grad([loss], leaves, allow_unused: true);
            var stateGradient = gradients[0].IsInvalid ? zeros_like(states) : gradients[0];
            return new StepTerms(loss, returns, penalties, minLsed, states, sweep.ParameterGradients(stateGradient, rewards is null ? null : gradients[1]));
        }

        var (r, p, m, s, disagreement) = Terms(starts, trainingStep);
        var total = (PolicySearchLoss.Compute(r, p, m, alphaSafe, alphaDiversity) + (alphaUncertainty * disagreement.mean())) * weight;
        return new StepTerms(total, r, p, m, s, [.. autograd.grad([total], _parameters)]);
    }

    // Disagreement: Pen^u_k [K] (zeros when α_u is 0: then it is not computed).
    private (Tensor Returns, Tensor Penalties, Tensor MinLsed, Tensor States, Tensor Disagreement) Terms(Tensor starts, int trainingStep = -1)
    {
        var behaviour = _safety.Mode == SafetyMode.Likelihood ? _safety.Behaviour : null;
        var rollout = ModelRollout.Run(starts, Policies, _ensemble, behaviour, _config.Horizon, disagreement: _config.AlphaUncertainty > 0);
        return TermsOf(rollout, trainingStep);
    }

    private (Tensor Returns, Tensor Penalties, Tensor MinLsed, Tensor States, Tensor Disagreement) TermsOf(ModelRollout.Result rollout, int trainingStep)
    {
        Retrain?.ObserveRollout(rollout.States, trainingStep);
        var returns = RolloutReturn.Compute(rollout.Rewards, _config.Gamma);
        var penalties = _safety.Mode switch
        {
            SafetyMode.Bounds => BoundsPenalty.Compute(rollout.States, _low, _high, _config.Gamma),
            SafetyMode.Likelihood => LikelihoodHinge.Compute(rollout.LogLikelihood!, _safety.Behaviour!.Delta, _config.Gamma),
            _ => zeros(Policies.Count),
        };
        var minLsed = MinLsed.Compute(rollout.States.index_select(3, _diversityTags));
        var disagreement = rollout.Disagreement is { } u ? RolloutReturn.Compute(u, _config.Gamma) : zeros(Policies.Count);
        return (returns, penalties, minLsed, rollout.States, disagreement);
    }

    private Tensor SampleStarts(int step)
    {
        using var indices = tensor(StartIndices(step));
        return _data.Windows(indices).view(_ensemble.Members, WindowsPerMember, _data.Layout.HistoryLength, _data.Layout.ObservationWidth);
    }

    /// <summary>The transitions whose windows start the rollouts of step <paramref name="step"/> (−1: the fixed
    /// evaluation set), member-major: entry (member·n + j) is rolled out in that member. The run-start positions
    /// (<see cref="IsRunStartPosition"/>) get logged run starts; the others, in order, the uniform or ε-retrain draws.</summary>
    internal long[] StartIndices(int step)
    {
        // Deterministic across processes (HashCode is randomised per process).
        var random = new Random(unchecked((int)((_seed * 1_000_003) + (step * 7919) + 12345)));
        var n = WindowsPerMember;
        var count = _ensemble.Members * n;
        var reserved = DrawsEpisodeStarts ? Enumerable.Range(0, n).Count(IsRunStartPosition) * _ensemble.Members : 0;
        var drawn = new long[count - reserved];
        if (Retrain is { } retrain)
        {
            retrain.Sample(drawn, random, step);
        }
        else
        {
            for (var i = 0; i < drawn.Length; i++)
            {
                drawn[i] = random.Next(_data.Count);
            }
        }

        var index = new long[count];
        var next = 0;
        var starts = _data.RunStarts;
        for (var i = 0; i < count; i++)
        {
            index[i] = reserved > 0 && IsRunStartPosition(i % n) ? starts[random.Next(starts.Length)] : drawn[next++];
        }

        return index;
    }

    /// <summary>True for the ⌊share·n⌋ evenly spaced positions j of a member's n windows that hold a logged run start
    /// (evenly spaced, so both halves of a split step get their share).</summary>
    private bool IsRunStartPosition(int j)
    {
        var share = _config.EpisodeStartShare;
        return Math.Floor((j + 1) * share) > Math.Floor(j * share);
    }

    private static double[] ToArray(Tensor t) => [.. t.detach().data<float>().ToArray().Select(v => (double)v)];
}

/// <summary>Serializable policy-search state (checkpoints).</summary>
public sealed record PolicySearchState(int StepsDone, double? InitialReturn, long OptimizerStep, float[][] OptimizerM, float[][] OptimizerV, float[][] Policies, List<PolicySearchStep> History);
