using System.Diagnostics;
using System.Globalization;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Retrain;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

/// <summary>ε-retrain ablation: one transition ensemble and behaviour model (the <c>--quick</c> configuration) trained
/// once on a store, then for every seed the same warm start searched with ε-retrain off and on at equal steps; the
/// final policies' rollout bound violations are measured on fixed evaluation sets (uniform logged windows and windows
/// in the data-derived retrain areas) shared by all runs.
/// Usage: dotnet Trainer.Bench.dll retrain-ablation --store ib.db [--seeds 1,2,3] [--steps 40] [--retrain 0.5,0.05,0.5,0.5,64]
///        [--refresh 10] [--eval 240] [--threads 2]</summary>
internal static class RetrainAblation
{
    public static int Run(string[] args)
    {
        string Option(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var store = Option("--store", string.Empty);
        if (store.Length == 0)
        {
            Console.Error.WriteLine("retrain-ablation: --store <transition store> is required");
            return 2;
        }

        var seeds = Option("--seeds", "1,2,3").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var steps = int.Parse(Option("--steps", "40"), CultureInfo.InvariantCulture);
        var refresh = int.Parse(Option("--refresh", "10"), CultureInfo.InvariantCulture);
        var evalCount = int.Parse(Option("--eval", "240"), CultureInfo.InvariantCulture);
        var threads = int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture);
        var retrainText = Option("--retrain", "0.5,0.05,0.5,0.5,64");
        var alphaSafe = double.Parse(Option("--alpha-safe", TrainerConfig.Quick.Safety.AlphaSafe.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        set_num_threads(threads);
        manual_seed(1);

        var clock = Stopwatch.StartNew();
        var quick = TrainerConfig.Quick;
        var config = quick with { Threads = threads, Search = quick.Search with { Steps = steps } };
        var retrain = RetrainConfig.Parse(retrainText, new RetrainConfig { RefreshEvery = refresh });
        var data = TransitionStoreLoader.Load(store);
        var layout = PlantLayout.Derive(data, config);
        using var windows = new WindowedData(data, layout);
        using var ensemble = new TransitionEnsemble(layout, config.Ensemble.Members, config.Ensemble.HiddenSizes, 2);
        TransitionEnsembleTraining.Train(ensemble, windows, config.Ensemble, 3);
        var bounds = StateBounds.FromData(data, config.Safety);
        using var behaviour = new BehaviourModel(layout, config.Safety.BehaviourHiddenSizes, 4);
        behaviour.Fit(windows, config.Safety, 5);
        var (low, high) = bounds.Normalised(layout);
        var dataAreas = RetrainStartSampler.Create(windows, data, bounds, retrain with { Enabled = false }, steps);
        Line($"store {store}: {data.TransitionCount} transitions; models + behaviour {clock.Elapsed.TotalSeconds:F0} s");
        Line($"{dataAreas.Areas.Count} data-derived areas ({dataAreas.UsableAreas} holding logged windows)");
        Line($"K = {config.Search.Policies}, H = {config.Search.Horizon}, B = {config.Search.StartWindows}, steps = {steps}, α_s {alphaSafe}, retrain {retrainText} refresh {refresh}; evaluation {evalCount} starts per set");
        Console.WriteLine("| seed | retrain | violations, uniform starts | violations, area starts | J from episode starts | starts from areas | areas | time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var results = new List<(bool On, RolloutViolations V, double J)>();
        foreach (var seed in seeds)
        {
            foreach (var on in new[] { false, true })
            {
                var run = Stopwatch.StartNew();
                manual_seed(seed);
                using var policies = new PolicySet(layout, config.Search.Policies, config.Safety.BehaviourHiddenSizes, seed + 5);
                policies.WarmStartFrom(behaviour, config.Search.WarmStartNoise, seed + 6);
                var sampler = on ? RetrainStartSampler.Create(windows, data, bounds, retrain, steps) : null;
                using var search = new PolicySearch(policies, ensemble, windows, new SafetyModel(SafetyMode.Bounds, bounds, behaviour), config.Search, seed + 7) { Retrain = sampler };
                search.Run(steps, alphaSafe);
                using var episodeStarts = search.EpisodeStartWindows();
                var j = search.Evaluate(episodeStarts).Returns.Average();
                var v = RolloutViolations.Measure(windows, dataAreas, policies, ensemble, low, high, config.Search.Horizon, evalCount, 1000);
                results.Add((on, v, j));
                var fraction = sampler is null ? "–" : (sampler.FromAreas / (double)sampler.Drawn).ToString("P1", CultureInfo.InvariantCulture);
                Line($"| {seed} | {(on ? "on" : "off")} | {v.Uniform:F4} | {v.FromAreas:F4} | {j:F2} | {fraction} | {(sampler is null ? "–" : sampler.Areas.Count.ToString(CultureInfo.InvariantCulture))} | {run.Elapsed.TotalSeconds:F0} s |");
            }
        }

        foreach (var on in new[] { false, true })
        {
            var set = results.Where(r => r.On == on).ToList();
            Line($"| mean | {(on ? "on" : "off")} | {set.Average(r => r.V.Uniform):F4} | {set.Average(r => r.V.FromAreas ?? double.NaN):F4} | {set.Average(r => r.J):F2} | | | |");
        }

        var wins = seeds.Select((_, i) => results[(2 * i) + 1].V.FromAreas < results[2 * i].V.FromAreas).Count(w => w);
        var winsUniform = seeds.Select((_, i) => results[(2 * i) + 1].V.Uniform < results[2 * i].V.Uniform).Count(w => w);
        Line($"retrain on has fewer violations in {wins}/{seeds.Length} seeds (area starts), {winsUniform}/{seeds.Length} (uniform starts); total {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    private static void Line(FormattableString text) => Console.WriteLine(FormattableString.Invariant(text));
}
