using System.Diagnostics;
using System.Globalization;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using static TorchSharp.torch;

// One policy-search training step at the IB defaults: K = 3 policies, H = 100, 128 start windows (rounded up to
// 130 = 5 members × 26), 5-member ensemble, 30-frame window of 6 tags, 2 × 64 hidden units, bounds safety.
// Usage: dotnet <this.dll> [--threads 2] [--steps 20] [--warmup 3] [--windows 128]
//        dotnet <this.dll> evaluate <package-dir>... [--episodes 100]   (true-IB protocol of DESIGN §4)
//        dotnet <this.dll> retrain-ablation --store <db> [--seeds 1,2,3] [--steps 40]   (ε-retrain on vs off)
//        dotnet <this.dll> scalar-race [--pause] [--seconds 10]   (the TorchSharp Scalar race CollectionPause guards)
if (args.Length > 0 && args[0] == "evaluate")
{
    return PackageEvaluation.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "retrain-ablation")
{
    return RetrainAblation.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "scalar-race")
{
    return ScalarRace.Run(args[1..]);
}

var threads = Arg("--threads", 2);
var steps = Arg("--steps", 20);
var warmup = Arg("--warmup", 3);
var startWindows = Arg("--windows", 128);
set_num_threads(threads);
manual_seed(1);

var config = new TrainerConfig();
config = config with { Search = config.Search with { StartWindows = startWindows } };
var data = SyntheticIb(episodes: 20, steps: 500, seed: 1);
var layout = PlantLayout.Derive(data, config);
using var windows = new WindowedData(data, layout);
using var ensemble = new TransitionEnsemble(layout, config.Ensemble.Members, config.Ensemble.HiddenSizes, 1);
using var policies = new PolicySet(layout, config.Search.Policies, config.Safety.BehaviourHiddenSizes, 2);
var safety = new SafetyModel(SafetyMode.Bounds, StateBounds.FromData(data, config.Safety), null);
using var search = new PolicySearch(policies, ensemble, windows, safety, config.Search, 3);

for (var i = 0; i < warmup; i++)
{
    search.TrainStep(config.Safety.AlphaSafe);
}

var times = new List<double>();
var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
for (var i = 0; i < steps; i++)
{
    var clock = Stopwatch.StartNew();
    search.TrainStep(config.Safety.AlphaSafe);
    times.Add(clock.Elapsed.TotalMilliseconds);
}

// Forward only (no autograd) for the split between rollout and back-propagation.
var forwardCpu = Process.GetCurrentProcess().TotalProcessorTime;
for (var i = 0; i < Math.Max(1, steps / 2); i++)
{
    search.Evaluate();
}

var forwardPerStep = (Process.GetCurrentProcess().TotalProcessorTime - forwardCpu).TotalMilliseconds / Math.Max(1, steps / 2);
cpuStart += Process.GetCurrentProcess().TotalProcessorTime - forwardCpu;

// CPU time per step: less sensitive than wall time to other processes on a shared machine.
var cpuPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / steps;
times.Sort();
var median = times[times.Count / 2];
var k = config.Search.Policies;
var b = search.WindowsPerMember * ensemble.Members;
var h = config.Search.Horizon;
long Mlp(int input, int[] hidden, int output)
{
    long flops = 0;
    var fanIn = input;
    foreach (var width in hidden.Append(output))
    {
        flops += 2L * fanIn * width;
        fanIn = width;
    }

    return flops;
}

// Forward multiply-adds of policy and model per trajectory step; backward costs about twice the forward.
var forward = Mlp(layout.WindowWidth, config.Safety.BehaviourHiddenSizes, layout.ActionWidth)
    + Mlp(layout.WindowWidth + layout.ActionWidth, config.Ensemble.HiddenSizes, layout.ModelOutputs);
var flop = 3.0 * forward * k * b * h;
var c = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(c, $"policy-search step: K={k} H={h} B={b} M={ensemble.Members} threads={threads}"));
Console.WriteLine(string.Create(c, $"ms/step  median {median:F1}  min {times[0]:F1}  max {times[^1]:F1}  ({steps} steps after {warmup} warm-up)"));
Console.WriteLine(string.Create(c, $"CPU ms/step {cpuPerStep:F1} (all threads); forward-only rollout without autograd {forwardPerStep:F1}"));
Console.WriteLine(string.Create(c, $"FLOP/step {flop / 1e9:F2} G  →  {flop / 1e9 / (median / 1000):F1} GFLOP/s"));
return 0;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

// IB-shaped data (tags, kinematics, magnitudes) from a simple lagged cost, enough to time the step.
static TrainingDataset SyntheticIb(int episodes, int steps, int seed)
{
    var random = new Random(seed);
    var list = new List<TrainingEpisode>();
    for (var e = 0; e < episodes; e++)
    {
        var frames = new double[steps + 1][];
        var actions = new double[steps][];
        var rewards = new double[steps];
        frames[0] = [70, 50, 50, 50, 100, 150];
        for (var t = 0; t < steps; t++)
        {
            var s = frames[t];
            double[] a = [(2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1, (2 * random.NextDouble()) - 1];
            var v = Math.Clamp(s[1] + a[0], 0, 100);
            var g = Math.Clamp(s[2] + (10 * a[1]), 0, 100);
            var sh = Math.Clamp(s[3] + (5.75 * a[2]), 0, 100);
            var f = s[4] + (0.3 * (50 + (0.02 * (v - 40) * (v - 40)) - s[4]));
            var cons = s[5] + (0.3 * (100 + (0.02 * (g - 60) * (g - 60)) + (0.03 * (sh - 40) * (sh - 40)) - s[5]));
            frames[t + 1] = [70, v, g, sh, f, cons];
            actions[t] = a;
            rewards[t] = -((3 * f) + cons) / 100;
        }

        list.Add(new TrainingEpisode(frames, actions, rewards));
    }

    return TrainingDataset.Create(PlantLayout.IbObservationTags, PlantLayout.IbActionTags, list);
}
