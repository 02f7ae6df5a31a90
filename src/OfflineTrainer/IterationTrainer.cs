using System.Diagnostics;
using System.Text.Json;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Checkpoints;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Export;
using IndustrialSafeRL.OfflineTrainer.Guide;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Reporting;
using IndustrialSafeRL.OfflineTrainer.Retrain;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.OfflineTrainer.Torch;
using IndustrialSafeRL.OfflineTrainer.TrustRegion;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer;

/// <summary>One exported policy.</summary>
/// <param name="Index">k (0-based).</param>
/// <param name="Directory">Package directory (policy.onnx + policy.json).</param>
/// <param name="ModelEstimatedReturn">J_k over H steps from the logged episode-start windows.</param>
/// <param name="Penalty">Pen_k on the same windows.</param>
public sealed record TrainedPolicy(int Index, string Directory, double ModelEstimatedReturn, double Penalty)
{
    /// <summary>Pen^u on the same windows: the ensemble members' disagreement along the policy's rollouts
    /// (<see cref="PolicySearch.Disagreement"/>); large where the estimate rests on model extrapolation.</summary>
    public double Disagreement { get; init; }

    /// <summary>J from every logged episode start in each ensemble member, one value per member.</summary>
    public double[] MemberReturns { get; init; } = [];

    /// <summary>Mean of <see cref="MemberReturns"/> minus κ (search.rankingPessimism) standard deviations: what ranks
    /// the policies (the mean itself at the default κ = 0).</summary>
    public double RankScore { get; init; }
}

/// <summary>What one training iteration produced.</summary>
public sealed record TrainingOutcome(
    string OutputDirectory,
    IReadOnlyList<TrainedPolicy> Policies,
    int BestByModel,
    string ReportPath,
    EnsembleTrainingResult Models,
    IReadOnlyList<PolicySearchStep> Search,
    double FinalMinLsed,
    StateBounds Bounds,
    double? Delta,
    string TransitionVariant,
    TimeSpan Elapsed,
    bool Resumed)
{
    /// <summary>The trust region against the previous iteration's policies (null: none applied).</summary>
    public TrustRegionOutcome? TrustRegion { get; init; }

    /// <summary>ε-retrain summary (null when it was off).</summary>
    public RetrainSummary? Retrain { get; init; }

    /// <summary>The guide floor's comparison and pulls (null: no guide, or the floor off).</summary>
    public GuideFloorOutcome? GuideFloor { get; init; }

    /// <summary>Rollout bound violations of the final policies on fixed uniform and area start sets.</summary>
    public RolloutViolations? Violations { get; init; }

    /// <summary>Logged episodes that begin a run (<see cref="TrainingEpisode.StartsRun"/>): the episode starts.</summary>
    public int Episodes { get; init; }

    /// <summary>True when the search drew a share of its start windows from the logged episode starts.</summary>
    public bool DrewEpisodeStarts { get; init; }
}

/// <summary>What ε-retrain did in a run.</summary>
/// <param name="Areas">Areas at the end of the search.</param>
/// <param name="UsableAreas">Of those, areas holding at least one logged window.</param>
/// <param name="BySource">Areas per source.</param>
/// <param name="Drawn">Training start windows drawn.</param>
/// <param name="FromAreas">Of those, drawn from an area.</param>
public sealed record RetrainSummary(int Areas, int UsableAreas, IReadOnlyDictionary<RetrainSource, int> BySource, long Drawn, long FromAreas)
{
    /// <summary>Fraction of training starts drawn from areas.</summary>
    public double FromAreasFraction => Drawn == 0 ? 0 : FromAreas / (double)Drawn;
}

/// <summary>One iteration of DESIGN §5 on all data so far: normalise, train the ensemble, fit the safety model,
/// warm-start and jointly train K policies, export K packages and write the report. Every stage checkpoints into
/// <c>&lt;out&gt;/checkpoints</c>; calling <see cref="Run(string, string, TrainerConfig, string?, Action{ProgressUpdate}?, CancellationToken)"/>
/// again with the same data and config resumes where an interrupted run stopped.</summary>
public static class IterationTrainer
{
    /// <summary>Trainer version written into manifests.</summary>
    public static string Version => typeof(IterationTrainer).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>Trains from a transition store.</summary>
    public static TrainingOutcome Run(string storePath, string outDir, TrainerConfig config, string? previousRun = null,
        Action<ProgressUpdate>? progress = null, CancellationToken cancellation = default) =>
        Run(TransitionStoreLoader.Load(storePath), outDir, config, previousRun, progress, cancellation);

    /// <summary>Trains from a dataset. <paramref name="previousRun"/>: the output directory of the previous
    /// iteration, whose final policies warm-start this one (otherwise behaviour cloning).</summary>
    public static TrainingOutcome Run(TrainingDataset data, string outDir, TrainerConfig config, string? previousRun = null,
        Action<ProgressUpdate>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        // No garbage collection during tensor work except where the loops renew the pause (see CollectionPause).
        using var pause = CollectionPause.Hold();
        var clock = Stopwatch.StartNew();
        set_num_threads(config.Threads);
        manual_seed(config.Seed);

        // The layout and the guide first: a guide that does not fit the data is refused before anything is written.
        var layout = PlantLayout.Derive(data, config);
        var guide = GuideController.Create(config.Guide, layout, data);
        if (guide is not null)
        {
            config.Guide.Confidence?.Resolve(layout);
        }

        Directory.CreateDirectory(outDir);
        var checkpoints = Path.Combine(outDir, "checkpoints");
        Directory.CreateDirectory(checkpoints);
        var hash = data.ContentHash();
        var runFile = Path.Combine(checkpoints, "run.json");
        var configJson = JsonSerializer.Serialize(config, TrainerConfig.JsonOptions);
        var run = File.Exists(runFile) ? JsonSerializer.Deserialize<RunState>(File.ReadAllText(runFile), TrainerConfig.JsonOptions) : null;
        var resumed = run is not null;
        if (run is not null && (run.DatasetHash != hash || run.Config != configJson))
        {
            throw new InvalidOperationException(
                $"{outDir} holds a run of {(run.DatasetHash != hash ? "other data" : "another configuration")}; choose a new --out directory or delete it");
        }

        run ??= new RunState { DatasetHash = hash, Config = configJson };
        void SaveRun() => AtomicWrite(runFile, JsonSerializer.Serialize(run, TrainerConfig.JsonOptions));
        SaveRun();

        using var windows = new WindowedData(data, layout);

        // 1. Transition ensemble.
        using var ensemble = new TransitionEnsemble(layout, config.Ensemble.Members, config.Ensemble.HiddenSizes, config.Seed + 1);
        var ensembleFile = Path.Combine(checkpoints, "ensemble.bin");
        EnsembleTrainingResult models;
        if (run.Models is { } savedModels && File.Exists(ensembleFile))
        {
            ensemble.Network.Restore(TensorArchive.Load(ensembleFile)["ensemble"]);
            models = savedModels;
            progress?.Invoke(new ProgressUpdate("models", 1, 1, "restored from checkpoint"));
        }
        else
        {
            models = TransitionEnsembleTraining.Train(ensemble, windows, config.Ensemble, config.Seed + 2, progress, cancellation);
            TensorArchive.Save(ensembleFile, new Dictionary<string, float[][]> { ["ensemble"] = ensemble.Network.Snapshot() });
            run.Models = models;
            SaveRun();
        }

        // 2. Safety: bounds always (they go to the manifest), behaviour model always (it is the BC warm start).
        var bounds = StateBounds.FromData(data, config.Safety, config.Search.EpisodeStartMinimum);
        using var behaviour = new BehaviourModel(layout, config.Safety.BehaviourHiddenSizes, config.Seed + 3);
        var behaviourFile = Path.Combine(checkpoints, "behaviour.bin");
        if (run.Delta is { } delta && File.Exists(behaviourFile))
        {
            behaviour.Network.Restore(TensorArchive.Load(behaviourFile)["behaviour"]);
            behaviour.SetDelta(delta);
            progress?.Invoke(new ProgressUpdate("behaviour", 1, 1, "restored from checkpoint"));
        }
        else
        {
            behaviour.Fit(windows, config.Safety, config.Seed + 4, progress, cancellation);
            TensorArchive.Save(behaviourFile, new Dictionary<string, float[][]> { ["behaviour"] = behaviour.Network.Snapshot() });
            run.Delta = behaviour.Delta;
            SaveRun();
        }

        // 3. Policies: warm start, then the joint search with periodic checkpoints.
        using var policies = new PolicySet(layout, config.Search.Policies, config.Safety.BehaviourHiddenSizes, config.Seed + 5, guide, config.Guide.Phi, guide is null ? null : config.Guide.Confidence);
        var warmStarted = previousRun is not null && PolicyWarmStart.TryLoad(previousRun, layout, policies);
        if (warmStarted)
        {
            progress?.Invoke(new ProgressUpdate("policies", 0, config.Search.Steps, $"warm start from {previousRun}"));
        }
        else
        {
            policies.WarmStartFrom(behaviour, config.Search.WarmStartNoise, config.Seed + 6);
            if (previousRun is not null)
            {
                // Said out loud: without a usable predecessor there is no trust region either.
                progress?.Invoke(new ProgressUpdate("policies", 0, config.Search.Steps,
                    $"{previousRun} cannot warm-start this run (no checkpoint, or other tags, history length, action bounds or network shape): behaviour-cloning start, no trust region"));
            }
        }

        var safety = new SafetyModel(config.Safety.Mode, bounds, behaviour);
        // Areas from the data alone (logged violations, out-of-bounds states, explicit states) also give the fixed
        // evaluation set of the report's violation rates, so runs with ε-retrain on and off are measured alike.
        var dataAreas = RetrainStartSampler.Create(windows, data, bounds, config.Retrain with { Enabled = false }, config.Search.Steps);
        var retrain = config.Retrain.Enabled ? RetrainStartSampler.Create(windows, data, bounds, config.Retrain, config.Search.Steps) : null;
        using var search = new PolicySearch(policies, ensemble, windows, safety, config.Search, config.Seed + 7, guide is null ? null : config.Guide) { Retrain = retrain };
        var searchFile = Path.Combine(checkpoints, "search.bin");
        var searchStateFile = Path.Combine(checkpoints, "search.json");

        // Trust region: the predecessors' actions are taken now, from the warm-started weights, before a checkpoint
        // may replace them with trained ones. A guided predecessor acted with the β it was exported with.
        if (warmStarted && guide is not null && PredecessorFraction(previousRun!, 0, "guide.beta") is { } predecessorBeta)
        {
            policies.Beta = predecessorBeta;
        }

        // A predecessor pulled towards its guide (guide floor) acted with that pull: the trust region's predecessor
        // actions below are taken with it; the search itself then trains the unpulled policy (a pull of 0 would stop
        // its gradient) and the floor chooses afresh afterwards.
        if (warmStarted && guide is not null)
        {
            for (var k = 0; k < policies.Count; k++)
            {
                policies.Shrink[k] = PredecessorFraction(previousRun!, k, "guide.shrink") ?? 1;
            }
        }

        // D is bounded on every logged state (shed, shadow and own-controller rows too, windowed as the deployment
        // gate windows them), not only on the transitions the models learn from.
        using var stateWindows = warmStarted && config.TrustRegion.Enabled && data.StateEpisodes is not null
            ? new WindowedData(data.StateDataset(), layout)
            : null;
        using var divergence = warmStarted && config.TrustRegion.Enabled
            ? PolicyDivergence.FromPolicies(stateWindows ?? windows, policies, config.TrustRegion.Predecessor, config.TrustRegion.Sigma)
            : null;
        Array.Fill(policies.Shrink, 1.0);
        search.ApplySchedule(0);
        var trust = divergence is null ? null : new TrustRegionPenalty(divergence, config.TrustRegion, config.Seed + 8);
        search.TrustRegion = trust;
        var trustFile = Path.Combine(checkpoints, "trust-region.json");
        TrustRegionFixupResult? fixup = null;
        if (File.Exists(searchFile) && File.Exists(searchStateFile))
        {
            var archive = TensorArchive.Load(searchFile);
            var scalars = JsonSerializer.Deserialize<SearchScalars>(File.ReadAllText(searchStateFile), TrainerConfig.JsonOptions)
                ?? throw new InvalidDataException($"{searchStateFile} is empty");
            search.Restore(new PolicySearchState(scalars.StepsDone, scalars.InitialReturn, scalars.OptimizerStep, archive["m"], archive["v"], archive["policies"], scalars.History));
            if (retrain is not null && scalars.Retrain is { } areas)
            {
                retrain.Restore(areas);
            }

            if (trust is not null && File.Exists(trustFile))
            {
                var saved = JsonSerializer.Deserialize<TrustScalars>(File.ReadAllText(trustFile), TrainerConfig.JsonOptions)
                    ?? throw new InvalidDataException($"{trustFile} is empty");
                trust.Multiplier.Restore(saved.Multiplier);
                trust.History.Clear();
                trust.History.AddRange(saved.History.Where(h => h.Step < search.StepsDone));
                fixup = saved.Fixup;
            }
        }

        void Checkpoint()
        {
            var state = search.Snapshot();
            TensorArchive.Save(searchFile, new Dictionary<string, float[][]> { ["policies"] = state.Policies, ["m"] = state.OptimizerM, ["v"] = state.OptimizerV });
            AtomicWrite(searchStateFile, JsonSerializer.Serialize(new SearchScalars(state.StepsDone, state.InitialReturn, state.OptimizerStep, state.History, retrain?.Snapshot()), TrainerConfig.JsonOptions));
            if (trust is not null)
            {
                AtomicWrite(trustFile, JsonSerializer.Serialize(new TrustScalars(trust.Multiplier.Snapshot(), trust.History, fixup), TrainerConfig.JsonOptions));
            }
        }

        search.Run(config.Search.Steps, config.Safety.AlphaSafe, step =>
        {
            var done = step.Step + 1;
            if (done % config.Search.CheckpointEvery == 0 || done == config.Search.Steps)
            {
                Checkpoint();
            }

            progress?.Invoke(new ProgressUpdate("policies", done, config.Search.Steps,
                $"J {step.Returns.Average():F2}  pen {step.Penalties.Average():F3}  minLSED {step.MinLsed:F2}"));
        }, cancellation);

        // 3a. Guide floor: no exported guided policy is rated below its guide by the model. Before the fixup, so the
        // trust region is guaranteed for the policies as exported; its choice is checkpointed with the run.
        GuideFloorOutcome? floor = null;
        if (guide is not null && config.Guide.Floor)
        {
            var floorFile = Path.Combine(checkpoints, "guide-floor.json");
            if (File.Exists(floorFile))
            {
                floor = JsonSerializer.Deserialize<GuideFloorOutcome>(File.ReadAllText(floorFile), TrainerConfig.JsonOptions)
                    ?? throw new InvalidDataException($"{floorFile} is empty");
                floor.Shrink.ToArray().CopyTo(policies.Shrink, 0);
            }
            else
            {
                using var floorStarts = search.EpisodeStartWindows();
                floor = GuideFloor.Apply(search, floorStarts, config.Guide.FloorTolerance);
                AtomicWrite(floorFile, JsonSerializer.Serialize(floor, TrainerConfig.JsonOptions));
            }

            progress?.Invoke(new ProgressUpdate("floor", 1, 1,
                $"guide {floor.GuideReturn:F2}; pull towards it {string.Join(", ", floor.Shrink.Select(v => v.ToString("G2", System.Globalization.CultureInfo.InvariantCulture)))}"));
        }

        // 3b. Trust-region fixup (FixPO): D-only steps until max D ≤ ε on every logged window. The fixed-up weights
        // replace the search checkpoint, so the next iteration warm-starts from (and is held to) what is exported.
        TrustRegionOutcome? trustOutcome = null;
        if (trust is not null && divergence is not null)
        {
            if (fixup is null)
            {
                progress?.Invoke(new ProgressUpdate("fixup", 0, 1, $"trust region ε {config.TrustRegion.Epsilon:G3}"));
                fixup = TrustRegionFixup.Run(policies, divergence, config.TrustRegion,
                    config.TrustRegion.FixupLearningRate ?? config.Search.LearningRate, config.Search.GradientClip, cancellation);
                Checkpoint();
                progress?.Invoke(new ProgressUpdate("fixup", 1, 1,
                    $"{fixup.Steps} steps, max D {fixup.MaxBefore.Max():G3} → {fixup.MaxAfter.Max():G3}"));
            }

            var predecessorIds = Enumerable.Range(0, policies.Count)
                .Select(k => PredecessorId(previousRun!, config.TrustRegion.Predecessor ?? k)).ToArray();
            trustOutcome = new TrustRegionOutcome(predecessorIds, config.TrustRegion.Epsilon, config.TrustRegion.Sigma, config.TrustRegion.CBeta,
                [.. trust.History], search.StepsDone, fixup);
        }

        // 4. Model-based evaluation from the logged episode starts (what a deployment episode starts from), export, report.
        using var evaluationStarts = search.EpisodeStartWindows();
        var final = search.Evaluate(evaluationStarts);
        var disagreement = search.Disagreement(evaluationStarts);
        var memberReturns = search.MemberReturns();
        var exported = new List<TrainedPolicy>();
        for (var k = 0; k < policies.Count; k++)
        {
            var dir = Path.Combine(outDir, $"policy-{k}");
            PolicyExporter.Export(policies, k, new PolicyExportInfo(
                PolicyId: $"{Path.GetFileName(Path.GetFullPath(outDir))}-k{k}",
                DatasetHash: hash,
                DatasetRows: data.TransitionCount,
                Seed: config.Seed,
                Safety: config.Safety.Mode.ToString().ToLowerInvariant(),
                Hyperparameters: PolicyHyperparameters(config, search, k, floor),
                ModelEstimatedReturn: final.Returns[k],
                Bounds: bounds)
            {
                TrustRegion = trustOutcome is null ? null
                    : new TrustRegionInfo(trustOutcome.PredecessorIds[k], trustOutcome.Fixup.MaxAfter[k], trustOutcome.Epsilon, trustOutcome.Sigma),
            }, dir);
            exported.Add(new TrainedPolicy(k, dir, final.Returns[k], final.Penalties[k])
            {
                Disagreement = disagreement[k],
                MemberReturns = memberReturns[k],
                RankScore = RankScore(memberReturns[k], config.Search.RankingPessimism),
            });
        }

        var best = exported.MaxBy(p => p.RankScore)!.Index;
        var (low, high) = bounds.Normalised(layout);
        var violations = RolloutViolations.Measure(windows, dataAreas, policies, ensemble, low, high, config.Search.Horizon, config.Search.StartWindows, config.Seed + 8);
        var outcome = new TrainingOutcome(outDir, exported, best, Path.Combine(outDir, "report.md"), models, [.. search.History], final.MinLsed,
            bounds, behaviour.Delta, layout.TransitionVariant, clock.Elapsed, resumed)
        {
            TrustRegion = trustOutcome,
            GuideFloor = floor,
            Violations = violations,
            Episodes = windows.RunStarts.Length,
            DrewEpisodeStarts = search.DrawsEpisodeStarts,
            Retrain = retrain is null ? null : new RetrainSummary(retrain.Areas.Count, retrain.UsableAreas,
                retrain.Areas.Areas.GroupBy(a => a.Source).ToDictionary(g => g.Key, g => g.Count()), retrain.Drawn, retrain.FromAreas),
        };
        TrainingReport.Write(outcome, config);
        return outcome;
    }

    /// <summary>Mean minus κ population standard deviations of the members' returns.</summary>
    internal static double RankScore(double[] memberReturns, double kappa)
    {
        var mean = memberReturns.Average();
        var spread = Math.Sqrt(memberReturns.Average(r => (r - mean) * (r - mean)));
        return mean - (kappa * spread);
    }

    /// <summary>Every hyperparameter by name, for the manifest.</summary>
    public static Dictionary<string, double> Hyperparameters(TrainerConfig config, PolicySearch? search = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var h = new Dictionary<string, double>
        {
            ["historyLength"] = config.HistoryLength,
            ["threads"] = config.Threads,
            ["ensemble.members"] = config.Ensemble.Members,
            ["ensemble.hidden"] = config.Ensemble.HiddenSizes[0],
            ["ensemble.layers"] = config.Ensemble.HiddenSizes.Length,
            ["ensemble.validationFraction"] = config.Ensemble.ValidationFraction,
            ["ensemble.bootstrap"] = config.Ensemble.Bootstrap ? 1 : 0,
            ["ensemble.batchSize"] = config.Ensemble.BatchSize,
            ["ensemble.learningRate"] = config.Ensemble.LearningRate,
            ["ensemble.maxEpochs"] = config.Ensemble.MaxEpochs,
            ["ensemble.knownKinematics"] = config.Ensemble.KnownKinematics ? 1 : 0,
            ["safety.alphaSafe"] = config.Safety.AlphaSafe,
            ["safety.likelihoodPercentile"] = config.Safety.LikelihoodPercentile,
            ["safety.lowerQuantile"] = config.Safety.LowerQuantile,
            ["safety.upperQuantile"] = config.Safety.UpperQuantile,
            ["safety.coverEpisodeStarts"] = config.Safety.CoverEpisodeStarts ? 1 : 0,
            ["search.policies"] = config.Search.Policies,
            ["search.horizon"] = config.Search.Horizon,
            ["search.gamma"] = config.Search.Gamma,
            ["search.startWindows"] = config.Search.StartWindows,
            ["search.episodeStartShare"] = config.Search.EpisodeStartShare,
            ["search.episodeStartMinimum"] = config.Search.EpisodeStartMinimum,
            ["search.steps"] = config.Search.Steps,
            ["search.learningRate"] = config.Search.LearningRate,
            ["search.alphaDiversity"] = config.Search.AlphaDiversity,
            ["search.alphaUncertainty"] = config.Search.AlphaUncertainty,
            ["search.rankingPessimism"] = config.Search.RankingPessimism,
            ["search.warmStartNoise"] = config.Search.WarmStartNoise,
        };
        if (config.Retrain.Enabled)
        {
            h["retrain.eps0"] = config.Retrain.Eps0;
            h["retrain.epsMin"] = config.Retrain.EpsMin;
            h["retrain.omega"] = config.Retrain.Omega;
            h["retrain.beta"] = config.Retrain.Beta;
            h["retrain.maxAreas"] = config.Retrain.MaxAreas;
            h["retrain.refreshEvery"] = config.Retrain.RefreshEvery;
        }

        if (search?.TrustRegion is not null)
        {
            h["trustRegion.epsilon"] = config.TrustRegion.Epsilon;
            h["trustRegion.sigma"] = config.TrustRegion.Sigma;
            h["trustRegion.cBeta"] = config.TrustRegion.CBeta;
            h["trustRegion.initialBeta"] = config.TrustRegion.InitialBeta;
            h["trustRegion.betaLearningRate"] = config.TrustRegion.BetaLearningRate;
            h["trustRegion.batch"] = config.TrustRegion.Batch;
            h["trustRegion.fixupBatch"] = config.TrustRegion.FixupBatch;
            h["trustRegion.maxFixupSteps"] = config.TrustRegion.MaxFixupSteps;
            h["trustRegion.fixupSlack"] = config.TrustRegion.FixupSlack;
            h["trustRegion.fixupLearningRate"] = config.TrustRegion.FixupLearningRate ?? config.Search.LearningRate;
        }

        if (search?.InitialReturn is { } j0)
        {
            h["search.initialAbsReturn"] = j0;
        }

        if (config.Guide.Enabled)
        {
            h["guide.phi"] = config.Guide.Phi;
            h["guide.betaStart"] = config.Guide.BetaStart;
            h["guide.betaDecay"] = config.Guide.BetaDecay;
            h["guide.betaEvery"] = config.Guide.BetaEvery;
            if (search is not null)
            {
                h["guide.beta"] = search.Beta;
                h["guide.bound"] = search.Policies.Bound;
                if (search.Policies.Guide is SetPointGuide { ReadsTag: true } fitted)
                {
                    // The stand-in fitted to the logged actions: where the engineer sees what the training assumed.
                    for (var j = 0; j < fitted.Actions; j++)
                    {
                        h[$"guide.fitted.target{j}"] = fitted.Targets[j];
                        h[$"guide.fitted.scale{j}"] = fitted.Scales[j];
                    }
                }
            }
        }

        return h;
    }

    /// <summary>The run's hyperparameters plus what differs per policy: its guide-floor pull.</summary>
    private static Dictionary<string, double> PolicyHyperparameters(TrainerConfig config, PolicySearch search, int k, GuideFloorOutcome? floor)
    {
        var h = Hyperparameters(config, search);
        if (search.Policies.Guide is not null)
        {
            h["guide.shrink"] = search.Policies.Shrink[k];
            if (floor is not null)
            {
                h["guide.floor.guideModelReturn"] = floor.GuideReturn;
            }
        }

        return h;
    }

    /// <summary>A hyperparameter in [0, 1] the previous run's policy k was exported with (its manifest's
    /// <c>training.hyperparameters</c>: <c>guide.beta</c>, <c>guide.shrink</c>), or null.</summary>
    private static double? PredecessorFraction(string previousRun, int k, string name)
    {
        var manifest = Path.Combine(previousRun, $"policy-{k}", Contracts.Policies.PolicyManifest.FileName);
        return File.Exists(manifest) && Contracts.Policies.PolicyManifest.Load(manifest).Training.Hyperparameters.TryGetValue(name, out var value)
            && value is >= 0 and <= 1 ? value : null;
    }

    internal static void AtomicWrite(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    private sealed class RunState
    {
        public required string DatasetHash { get; init; }

        public required string Config { get; init; }

        public EnsembleTrainingResult? Models { get; set; }

        public double? Delta { get; set; }
    }

    private static string? PredecessorId(string previousRun, int k)
    {
        var manifest = Path.Combine(previousRun, $"policy-{k}", PolicyManifest.FileName);
        return File.Exists(manifest) ? PolicyManifest.Load(manifest).PolicyId : null;
    }

    private sealed record TrustScalars(TrustRegionMultiplierState Multiplier, List<TrustRegionStep> History, TrustRegionFixupResult? Fixup);

    private sealed record SearchScalars(int StepsDone, double? InitialReturn, long OptimizerStep, List<PolicySearchStep> History, RetrainSnapshot? Retrain);
}
