using System.CommandLine;
using System.Globalization;
using IndustrialSafeRL.OfflineTrainer;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Guide;
using Spectre.Console;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl train</c>: one training iteration on a transition store → K policy packages and a report.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var store = new Option<FileInfo>("--store") { Description = "Transition store (SQLite) to learn from.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run directory: policy-<k>/ packages, report.md, checkpoints/.", Required = true };
        var safety = new Option<string?>("--safety") { Description = "Safety model: likelihood | bounds | off." };
        safety.AcceptOnlyFromAmong("likelihood", "bounds", "off");
        var k = new Option<int?>("--k") { Description = "Number of policies K (default 3)." };
        var alphaDiv = new Option<double?>("--alpha-div") { Description = "Diversity weight α_d relative to |J| at initialisation." };
        var alphaUncertainty = new Option<double?>("--alpha-uncertainty")
        {
            Description = "Model-disagreement weight α_u relative to |J| at initialisation (default 0: off): hold the policies where the ensemble members agree. Doubles the search's step time.",
        };
        var alphaSafe = new Option<double?>("--alpha-safe") { Description = "Safety weight α_s relative to |J| at initialisation." };
        var seed = new Option<long?>("--seed") { Description = "Master seed (default 1)." };
        var config = new Option<FileInfo?>("--config") { Description = "JSON trainer configuration (every hyperparameter; see docs/trainer.md)." };
        var previous = new Option<DirectoryInfo?>("--previous") { Description = "Previous iteration's run directory: warm-start from its policies and keep each new policy k within the trust region of the previous policy k (see --trust-region)." };
        var trustRegion = new Option<string?>("--trust-region")
        {
            Description = "Trust region against --previous: eps[,sigma] (max over logged states of ‖Δa‖²/(2σ²) ≤ eps, defaults 0.5,0.1) or off.",
        };
        var quick = new Option<bool>("--quick") { Description = "Small configuration for smoke tests (about a minute)." };
        var retrain = new Option<string?>("--retrain")
        {
            Description = "ε-retrain on: eps0,epsmin,omega,beta,N (e.g. 0.5,0.05,0.5,0.5,64); other retrain settings from --config.",
        };
        var guide = new Option<string?>("--guide")
        {
            Description = "Local guide (PAG) the policies perturb: setpoint:<target per action> (IB mediocre: setpoint:25,25,25), "
                + "pid:<targets> (gains from the config), tag (a PLC controller, fitted to the logged actions in training) or none.",
        };
        var guidePhi = new Option<double?>("--guide-phi") { Description = "Φ, the largest deviation from the guide once β reaches 0 (normalised action units, default 0.5)." };
        var guideBetaStart = new Option<double?>("--guide-beta-start") { Description = "β at the first search step (default 1: start as the guide)." };
        var guideBetaDecay = new Option<double?>("--guide-beta-decay") { Description = "Factor on β per schedule step (default 0.9)." };
        var guideBetaEvery = new Option<int?>("--guide-beta-every") { Description = "Search steps per schedule step (default 100)." };
        var guideConfidence = new Option<string?>("--guide-confidence")
        {
            Description = "Confidence box λ(s) of the guide: tag:low:high[:ramp],… on the newest frame (raw units); the policy perturbs the guide inside, "
                + "acts freely outside (λ falls to 0 over the ramp, default 10 % of the width). Default: the guide is trusted everywhere.",
        };
        var guideFloor = new Option<bool?>("--guide-floor")
        {
            Description = "Guide floor (default true): after the search, pull each policy the model rates below its guide towards the guide until it is not.",
        };
        var command = new Command("train", "Learn K safe, diverse policies from a transition store and export them as policy packages.")
        {
            store, output, safety, k, alphaDiv, alphaUncertainty, alphaSafe, seed, config, previous, trustRegion, quick, guide, guidePhi, guideBetaStart, guideBetaDecay, guideBetaEvery, guideConfidence, guideFloor, retrain,
        };
        command.SetAction(parse =>
        {
            try
            {
                // A bad --config (missing, malformed, unknown or invalid field) is refused like every other bad option.
                var settings = parse.GetValue(config) is { } file ? TrainerConfig.Load(file.FullName) : parse.GetValue(quick) ? TrainerConfig.Quick : new TrainerConfig();
                if (parse.GetValue(config) is not null && parse.GetValue(quick))
                {
                    settings = settings with { Ensemble = TrainerConfig.Quick.Ensemble, Safety = TrainerConfig.Quick.Safety with { Mode = settings.Safety.Mode, AlphaSafe = settings.Safety.AlphaSafe }, Search = TrainerConfig.Quick.Search };
                }

                if (parse.GetValue(safety) is { } mode)
                {
                    settings = settings with { Safety = settings.Safety with { Mode = Enum.Parse<SafetyMode>(mode, ignoreCase: true) } };
                }

                if (parse.GetValue(k) is { } policies)
                {
                    settings = settings with { Search = settings.Search with { Policies = policies } };
                }

                if (parse.GetValue(alphaDiv) is { } ad)
                {
                    settings = settings with { Search = settings.Search with { AlphaDiversity = ad } };
                }

                if (parse.GetValue(alphaUncertainty) is { } au)
                {
                    settings = settings with { Search = settings.Search with { AlphaUncertainty = au } };
                }

                if (parse.GetValue(alphaSafe) is { } a)
                {
                    settings = settings with { Safety = settings.Safety with { AlphaSafe = a } };
                }

                if (parse.GetValue(seed) is { } s)
                {
                    settings = settings with { Seed = s };
                }

                if (parse.GetValue(retrain) is { } retrainText)
                {
                    settings = settings with { Retrain = RetrainConfig.Parse(retrainText, settings.Retrain) };
                }

                if (parse.GetValue(trustRegion) is { } spec)
                {
                    settings = settings with { TrustRegion = settings.TrustRegion.WithSpec(spec) };
                }

                var g = parse.GetValue(guide) is { } guideText ? GuideConfig.Parse(guideText, settings.Guide) : settings.Guide;
                g = g with
                {
                    Phi = parse.GetValue(guidePhi) ?? g.Phi,
                    BetaStart = parse.GetValue(guideBetaStart) ?? g.BetaStart,
                    BetaDecay = parse.GetValue(guideBetaDecay) ?? g.BetaDecay,
                    BetaEvery = parse.GetValue(guideBetaEvery) ?? g.BetaEvery,
                    Confidence = parse.GetValue(guideConfidence) is { } box ? GuideConfidenceConfig.Parse(box) : g.Confidence,
                    Floor = parse.GetValue(guideFloor) ?? g.Floor,
                };
                settings = settings with { Guide = g };
                settings.Validate();
                var outcome = Run(parse.GetValue(store)!.FullName, parse.GetValue(output)!.FullName, settings, parse.GetValue(previous)?.FullName);
                var table = new Table().AddColumns("policy", "model-estimated return", "rank score", "penalty", "disagreement", "package");
                foreach (var p in outcome.Policies)
                {
                    table.AddRow(p.Index == outcome.BestByModel ? $"{p.Index} (best)" : p.Index.ToString(CultureInfo.InvariantCulture),
                        p.ModelEstimatedReturn.ToString("F2", CultureInfo.InvariantCulture), p.RankScore.ToString("F2", CultureInfo.InvariantCulture),
                        p.Penalty.ToString("F4", CultureInfo.InvariantCulture), p.Disagreement.ToString("F3", CultureInfo.InvariantCulture), p.Directory);
                }

                AnsiConsole.Write(table);
                if (outcome.TrustRegion is { } tr)
                {
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                        $"trust region: ε {tr.Epsilon:G4}, σ {tr.Sigma:G4}; max D after main phase {tr.Fixup.MaxBefore.Max():G4}, after fixup {tr.Fixup.MaxAfter.Max():G4}; fixup {tr.Fixup.Steps} steps ({tr.FixupPercent:F1} % of {tr.MainSteps})");
                }

                AnsiConsole.MarkupLineInterpolated($"report: {outcome.ReportPath}  ({outcome.Elapsed.TotalSeconds:F0} s{(outcome.Resumed ? ", resumed" : string.Empty)})");
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or InvalidOperationException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]isrl train: {e.Message}[/]");
                return 2;
            }
        });
        return command;
    }

    private static TrainingOutcome Run(string store, string output, TrainerConfig config, string? previous)
    {
        TrainingOutcome? outcome = null;
        var console = AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive)
        {
            // Logs and CI: one line per notable update instead of redrawn bars.
            var last = DateTime.MinValue;
            return IterationTrainer.Run(store, output, config, previous, p =>
            {
                if (p.Done == p.Total || DateTime.UtcNow - last > TimeSpan.FromSeconds(5))
                {
                    last = DateTime.UtcNow;
                    Console.WriteLine($"{p.Stage} {p.Done}/{p.Total} {p.Detail}");
                }
            });
        }

        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                outcome = IterationTrainer.Run(store, output, config, previous, p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        task = context.AddTask(p.Stage, maxValue: p.Total);
                        tasks[p.Stage] = task;
                    }

                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                    task.Description = $"{p.Stage,-10} {Markup.Escape(p.Detail)}";
                });
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            });
        return outcome!;
    }
}
