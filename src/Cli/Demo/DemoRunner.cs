using System.Diagnostics;
using System.Globalization;
using IndustrialSafeRL.Cli.Evaluation;
using IndustrialSafeRL.Cli.Simulation;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Hosting;
using IndustrialSafeRL.IndustrialBenchmark.Datasets;
using IndustrialSafeRL.IndustrialBenchmark.Environment;
using IndustrialSafeRL.IndustrialBenchmark.Evaluation;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;
using IndustrialSafeRL.OfflineTrainer;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Server;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Verification.Gate;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.Cli.Demo;

/// <summary>
/// The main job (DESIGN §8): generate D_0 with a behaviour policy, then per iteration train K policies on all data so
/// far, gate the packages, serve the IB over OPC UA on loopback, run the controller host in Auto behind the shield so
/// each package collects its share of the iteration's steps, and evaluate every policy on the true simulator. Every
/// phase is saved to demo.json; running again continues after the last finished phase.
/// </summary>
public sealed class DemoRunner(DemoOptions options, TextWriter log)
{
    /// <summary>Steps the plant runs under its own (behaviour) controller before each deployment takes over.</summary>
    public const int WarmUpSteps = 100;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DemoOptions _options = options.Validate();
    private readonly List<double> _iterationSeconds = [];
    private int _finished;

    /// <summary>Output folder (full path).</summary>
    public string Folder { get; } = Path.GetFullPath(options.Output);

    /// <summary>The transition store of every iteration's data.</summary>
    public string StorePath => Path.Combine(Folder, "store.sqlite");

    private string StatePath => Path.Combine(Folder, "demo.json");

    /// <summary>Runs (or resumes) the demo and writes the report; returns the final state.</summary>
    public async Task<DemoState> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var state = Resume();
        Phase(0, "data", $"D_0: {_options.DatasetEpisodes} episodes × {_options.DatasetSteps} steps of {_options.Dataset} at setpoint 70");
        GenerateDataset(state, cancellationToken);
        EvaluateBehaviour(state, cancellationToken);
        EvaluateGuide(state, cancellationToken);

        for (var i = 1; i <= _options.Iterations; i++)
        {
            var record = state.Iterations.FirstOrDefault(r => r.Index == i);
            if (record is { Finished: true })
            {
                Phase(i, "done", "finished earlier; skipping");
                continue;
            }

            if (record is null)
            {
                record = new IterationRecord { Index = i };
                state.Iterations.Add(record);
            }

            var started = _clock.Elapsed;
            Train(state, record, cancellationToken);
            Save(state);
            Gate(state, record);
            Save(state);
            await DeployAsync(state, record, cancellationToken).ConfigureAwait(false);
            Evaluate(state, record, cancellationToken);
            record.WallSeconds += (_clock.Elapsed - started).TotalSeconds;
            _iterationSeconds.Add((_clock.Elapsed - started).TotalSeconds);
            _finished = i;
            record.Finished = true;
            Save(state);
            Phase(i, "done", Summary(state, record));
        }

        var report = DemoReport.Write(Folder, state);
        Phase(0, "report", report);
        return state;
    }

    private DemoState Resume()
    {
        var state = DemoState.Load(StatePath);
        if (state is null)
        {
            return new DemoState { Options = _options };
        }

        var before = state.Options;
        if (before.Dataset != _options.Dataset || before.Policies != _options.Policies || before.Quick != _options.Quick
            || before.Seed != _options.Seed || before.AlphaDiversity != _options.AlphaDiversity
            || before.Retrain != _options.Retrain || before.Guide != _options.Guide || before.TrustRegion != _options.TrustRegion)
        {
            throw new InvalidOperationException(
                $"{Folder} holds a demo run with other options ({before.Dataset}, k {before.Policies}, quick {before.Quick}, seed {before.Seed}, " +
                $"alpha-div {Text(before.AlphaDiversity)}, retrain {before.Retrain ?? "off"}, guide {before.Guide ?? "none"}, trust-region {before.TrustRegion ?? "off"}); " +
                "choose another --out folder or delete this one");
        }

        var finished = state.Iterations.Count(r => r.Finished);
        log.WriteLine($"resuming {Folder}: {finished} of {_options.Iterations} iterations finished");
        state.Options = _options;
        return state;
    }

    private void GenerateDataset(DemoState state, CancellationToken cancellationToken)
    {
        if (File.Exists(StorePath) && state.DatasetRows > 0)
        {
            return;
        }

        // Generate into a side file and move it into place once complete, so an interrupted run never leaves a
        // partial D_0 that a later run would mistake for the whole one.
        var partial = StorePath + ".partial";
        DeleteStoreFiles(partial);
        var datasetOptions = new DatasetOptions
        {
            Policy = _options.BehaviourName,
            Epsilon = _options.Epsilon,
            Setpoint = 70,
            Episodes = _options.DatasetEpisodes,
            Steps = _options.DatasetSteps,
            Seed = _options.Seed,
            RunId = "d0-" + _options.Dataset,
        };
        using (var store = TransitionStore.Create(partial, DatasetGenerator.Layout, StoreDurability.Normal))
        {
            state.DatasetRows = DatasetGenerator.Generate(store, datasetOptions, cancellationToken: cancellationToken);
        }

        SqliteConnection.ClearAllPools();
        File.Move(partial, StorePath);
        using (var store = TransitionStore.Open(StorePath, readOnly: true))
        {
            var rows = store.Read().ToList();
            var statistics = DatasetStatistics.Compute(rows, store.Layout, DatasetStatistics.GridFor(store.Layout, rows));
            state.DatasetCoverage = new Coverage(statistics.UniqueStateCells, statistics.UniqueStateActionCells);
            state.StateScale = StateScale(rows);
        }

        Save(state);
        Phase(0, "data", $"wrote {state.DatasetRows} transitions; coverage {state.DatasetCoverage!.StateCells} state cells, {state.DatasetCoverage.StateActionCells} state-action cells");
    }

    private void EvaluateBehaviour(DemoState state, CancellationToken cancellationToken)
    {
        if (state.Behaviour is not null)
        {
            return;
        }

        var behaviour = BehaviourPolicies.Create(_options.BehaviourName, _options.Epsilon, unchecked(_options.Seed + 0x80000000u));
        var result = PolicyEvaluation.Evaluate(behaviour, EvaluationOptions(), cancellationToken: cancellationToken);
        state.Behaviour = new Estimate(result.Mean, result.StandardError);
        Save(state);
        Phase(0, "evaluate", FormattableString.Invariant($"behaviour {_options.Dataset}: true return {result.Mean:F2} ± {result.StandardError:F2}"));
    }

    // A set-point guide alone (no perturbation, no random actions) is the reference a guided policy must not fall below.
    private void EvaluateGuide(DemoState state, CancellationToken cancellationToken)
    {
        var guide = DemoTraining.Config(_options, 1).Guide;
        if (state.Guide is not null || guide.Kind != OfflineTrainer.Guide.GuideKind.SetPoint || guide.Targets is not { Length: 3 } t)
        {
            return;
        }

        var controller = new SetPointController("guide", t[0], t[1], t[2], 0, new NumpyLegacyRandom(_options.Seed));
        var result = PolicyEvaluation.Evaluate(controller, EvaluationOptions(), cancellationToken: cancellationToken);
        state.Guide = new Estimate(result.Mean, result.StandardError);
        Save(state);
        Phase(0, "evaluate", FormattableString.Invariant($"guide set-point ({t[0]}, {t[1]}, {t[2]}) alone: true return {result.Mean:F2} ± {result.StandardError:F2}"));
    }

    private void Train(DemoState state, IterationRecord record, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Folder, $"iteration-{record.Index}", "train");
        var previous = record.Index > 1 ? state.Iterations.First(r => r.Index == record.Index - 1).TrainingFolder : null;
        var config = DemoTraining.Config(_options, record.Index);
        Phase(record.Index, "train", $"{config.Search.Policies} policies, {config.Ensemble.Members} models, {config.Search.Steps} search steps on all {CountRows()} rows" +
            (previous is null ? " (warm start: behaviour cloning)" : " (warm start: previous iteration)"));
        var lastReport = TimeSpan.Zero;
        var outcome = IterationTrainer.Run(StorePath, folder, config, previous, update =>
        {
            if (_clock.Elapsed - lastReport < TimeSpan.FromSeconds(5) && update.Done != update.Total)
            {
                return;
            }

            lastReport = _clock.Elapsed;
            Phase(record.Index, "train", $"{update.Stage} {update.Done}/{update.Total} {update.Detail}");
        }, cancellationToken);
        record.TrainingFolder = folder;
        record.Packages = [.. outcome.Policies.Select(p => p.Directory)];
        record.ModelReturns = [.. outcome.Policies.Select(p => p.ModelEstimatedReturn)];
        record.BestByModel = outcome.BestByModel;
        record.ModelMinLsed = outcome.FinalMinLsed;
        record.TrainingSeconds = outcome.Elapsed.TotalSeconds;
        record.TrainingRows = CountRows();
        record.PolicyIds = [.. record.Packages.Select(p => PolicyPackage.Load(p, PlantTagMapping.IndustrialBenchmark).Manifest.PolicyId)];
        record.Methods = new MethodRecord
        {
            ViolationsUniform = outcome.Violations?.Uniform,
            ViolationsAreas = outcome.Violations?.FromAreas,
            RetrainAreas = outcome.Retrain?.Areas,
            RetrainFromAreas = outcome.Retrain?.FromAreasFraction,
            GuideBeta = config.Guide.Enabled ? [config.Guide.BetaAt(0), config.Guide.BetaAt(config.Search.Steps - 1)] : null,
            GuideBound = config.Guide.Enabled ? config.Guide.BoundAt(config.Search.Steps - 1) : null,
            GuidePulls = outcome.GuideFloor is { } floor ? [.. floor.Shrink] : null,
            TrustEpsilon = outcome.TrustRegion?.Epsilon,
            TrustMaxBefore = outcome.TrustRegion?.Fixup.MaxBefore,
            TrustMaxAfter = outcome.TrustRegion?.Fixup.MaxAfter,
            TrustSteps = outcome.TrustRegion is { } tr ? [tr.Fixup.Steps, tr.MainSteps] : null,
        };
        Phase(record.Index, "train", FormattableString.Invariant(
            $"done in {outcome.Elapsed.TotalSeconds:F0} s; model returns [{string.Join(", ", record.ModelReturns.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}], best by model k={outcome.BestByModel}"));
    }

    private void Gate(DemoState state, IterationRecord record)
    {
        record.Gate.Clear();
        // The deployment gate the host runs before activating a package (DESIGN §5.7): integrity and test vectors,
        // interval bounds over the data support, and from the second iteration the trust region against the
        // previous iteration's package of the same index on the most recent logged states.
        var previous = record.Index > 1 ? state.Iterations.First(r => r.Index == record.Index - 1) : null;
        for (var k = 0; k < record.Packages.Count; k++)
        {
            var directory = record.Packages[k];
            var against = previous is not null && k < previous.Packages.Count && HasTrustRegion(directory) ? previous.Packages[k] : null;
            var report = DeploymentGate.Run(directory, new DeploymentGateOptions
            {
                AgainstPackage = against,
                StorePath = against is null ? null : StorePath,
                RecentStates = 2000,
                MaxBoxes = 512,
            });
            var bounds = report.Bounds is { } b
                ? FormattableString.Invariant($"proved {b.ProvedFraction:P1}, refuted {b.RefutedFraction:P1}, unknown {b.UnknownFraction:P1}")
                : "bounds skipped";
            var trust = report.TrustRegion is { } t ? FormattableString.Invariant($"; max D {t.MaxDivergence:F3} on {t.States} logged states") : string.Empty;
            record.Gate.Add($"{report.Verdict}: {bounds}{trust}");
            if (!report.Passed)
            {
                throw new InvalidOperationException($"iteration {record.Index}: the deployment gate refused {directory}: {string.Join("; ", report.Reasons)}");
            }
        }

        Phase(record.Index, "gate", $"{record.Gate.Count} packages passed: {string.Join(" | ", record.Gate)}");
    }

    // Only a package trained with a trust region promises one; the others are not held to it.
    private static bool HasTrustRegion(string directory) =>
        PolicyManifest.Load(Path.Combine(directory, PolicyManifest.FileName)).TrustRegion is not null;

    private async Task DeployAsync(DemoState state, IterationRecord record, CancellationToken cancellationToken)
    {
        for (var k = 0; k < record.Packages.Count; k++)
        {
            var runId = $"demo-it{record.Index}-k{k}";
            if (record.Deployments.Any(d => d.RunId.StartsWith(runId, StringComparison.Ordinal)))
            {
                continue;
            }

            // Rows of an interrupted deployment stay (nothing logged is ever dropped); the retry gets a new run id.
            var attempt = 1;
            while (CountRows(runId + (attempt == 1 ? string.Empty : $"-r{attempt}")) > 0)
            {
                attempt++;
            }

            runId += attempt == 1 ? string.Empty : $"-r{attempt}";
            var deployment = await DemoDeployment.RunAsync(new DemoDeployment.Request(
                record.Packages[k], record.PolicyIds[k], runId, StorePath, Folder,
                unchecked(_options.Seed + (uint)(1000 * record.Index) + (uint)k), _options.DeploymentSteps,
                BehaviourPolicies.Create(_options.BehaviourName, 0, _options.Seed), WarmUpSteps), cancellationToken).ConfigureAwait(false);
            record.Deployments.Add(deployment);
            Save(state);
            var interventions = deployment.Interventions.Count == 0
                ? "none"
                : string.Join(", ", deployment.Interventions.Select(p => $"{p.Key} {p.Value}"));
            Phase(record.Index, "deploy", FormattableString.Invariant(
                $"k={k} over OPC UA: {deployment.Rows} cycles logged ({deployment.AutoRows} in Auto, {deployment.SimulatorSteps} steps written, {deployment.PlantControllerSteps} under the plant's own controller), mean cost {deployment.MeanCost:F1}/step, interventions: {interventions}"));
        }
    }

    private void Evaluate(DemoState state, IterationRecord record, CancellationToken cancellationToken)
    {
        record.TrueReturns.Clear();
        var trajectories = new List<double[][]>();
        foreach (var directory in record.Packages)
        {
            using var policy = PackagePolicy.Load(directory);
            var result = PolicyEvaluation.Evaluate(policy, EvaluationOptions(), cancellationToken: cancellationToken);
            record.TrueReturns.Add(new Estimate(result.Mean, result.StandardError));
            trajectories.Add(Trajectory(policy, state.StateScale));
        }

        (record.TrueMinLsed, record.TrueMeanLsed) = Diversity(trajectories);
        using (var store = TransitionStore.Open(StorePath, readOnly: true))
        {
            var rows = store.Read().ToList();
            var statistics = DatasetStatistics.Compute(rows, store.Layout, DatasetStatistics.GridFor(store.Layout, rows));
            record.CoverageAfter = new Coverage(statistics.UniqueStateCells, statistics.UniqueStateActionCells);
            record.RowsAfter = rows.Count;
        }

        Phase(record.Index, "evaluate", string.Join("; ", record.TrueReturns.Select((r, k) =>
            FormattableString.Invariant($"k={k} {r.Mean:F2} ± {r.StandardError:F2}"))));
    }

    private EvaluationOptions EvaluationOptions() => new() { Episodes = _options.EvaluationEpisodes, Seed = unchecked(_options.Seed + 5000u) };

    /// <summary>One 100-step trajectory of (v, g, h, f, c) on the true simulator from a fixed reset, scaled per dimension.</summary>
    private double[][] Trajectory(IIndustrialBenchmarkPolicy policy, double[] scale)
    {
        var environment = new IndustrialBenchmarkEnvironment();
        environment.Reset(unchecked(_options.Seed + 7777u), 70);
        policy.Reset();
        Span<double> action = stackalloc double[3];
        Span<double> observation = stackalloc double[IndustrialBenchmarkObservation.Size];
        var states = new double[100][];
        for (var t = 0; t < states.Length; t++)
        {
            policy.Act(environment.History.Values, action);
            environment.Step(action);
            environment.Observation.CopyTo(observation);
            var state = new double[5];
            for (var d = 0; d < state.Length; d++)
            {
                state[d] = observation[d + 1] / scale[d];
            }

            states[t] = state;
        }

        return states;
    }

    /// <summary>Min and mean over pairs of LSED(τ_a, τ_b) = sqrt(Σ_t ‖s^a_t − s^b_t‖²).</summary>
    internal static (double Min, double Mean) Diversity(IReadOnlyList<double[][]> trajectories)
    {
        var distances = new List<double>();
        for (var a = 0; a < trajectories.Count; a++)
        {
            for (var b = a + 1; b < trajectories.Count; b++)
            {
                var sum = 0.0;
                for (var t = 0; t < trajectories[a].Length; t++)
                {
                    for (var d = 0; d < trajectories[a][t].Length; d++)
                    {
                        var diff = trajectories[a][t][d] - trajectories[b][t][d];
                        sum += diff * diff;
                    }
                }

                distances.Add(Math.Sqrt(sum));
            }
        }

        return distances.Count == 0 ? (0, 0) : (distances.Min(), distances.Average());
    }

    private static double[] StateScale(IReadOnlyList<TransitionRecord> rows)
    {
        var scale = new double[5];
        for (var d = 0; d < 5; d++)
        {
            var values = rows.Select(r => r.Observation[d + 1]).ToArray();
            var mean = values.Average();
            var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1));
            scale[d] = sd > 1e-9 ? sd : 1;
        }

        return scale;
    }

    private long CountRows(string? runId = null)
    {
        if (!File.Exists(StorePath))
        {
            return 0;
        }

        using var store = TransitionStore.Open(StorePath, readOnly: true);
        return store.Count(runId is null ? null : new TransitionQuery(RunId: runId));
    }

    private string Summary(DemoState state, IterationRecord record)
    {
        var best = record.TrueReturns[record.BestByModel];
        return FormattableString.Invariant(
            $"iteration {record.Index}: best-by-model true return {best.Mean:F2} ± {best.StandardError:F2} (behaviour {state.Behaviour!.Mean:F2}); {record.RowsAfter} rows; {record.WallSeconds:F0} s");
    }

    private void Save(DemoState state) => state.Save(StatePath);

    private void Phase(int iteration, string phase, string message)
    {
        var elapsed = _clock.Elapsed;
        var where = iteration == 0 ? "demo" : $"iteration {iteration}/{_options.Iterations}";
        log.WriteLine(FormattableString.Invariant($"[{elapsed:hh\\:mm\\:ss}{Remaining()}] {where} {phase}: {message}"));
    }

    /// <summary>Time left, estimated from the iterations this process has finished (none before the first).</summary>
    private string Remaining()
    {
        if (_iterationSeconds.Count == 0 || _finished >= _options.Iterations)
        {
            return string.Empty;
        }

        var left = TimeSpan.FromSeconds(_iterationSeconds.Average() * (_options.Iterations - _finished));
        return FormattableString.Invariant($", ~{left:h\\:mm\\:ss} left");
    }

    private static string Text(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "default";

    private static void DeleteStoreFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
