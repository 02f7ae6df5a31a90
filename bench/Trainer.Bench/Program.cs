using System.Diagnostics;
using System.Globalization;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Models;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using IndustrialSafeRL.OfflineTrainer.Torch;
using static TorchSharp.torch;

// One policy-search training step at the IB defaults: K = 3 policies, H = 100, 128 start windows (rounded up to
// 130 = 5 members × 26), 5-member ensemble, 30-frame window of 6 tags, 2 × 64 hidden units, bounds safety.
// Usage: dotnet <this.dll> [--threads 2] [--steps 20] [--warmup 3] [--windows 128] [--autograd]
//        (--autograd: the gradient by autograd through ModelRollout instead of the hand-written AdjointRollout sweep)
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
config = config with { Search = config.Search with { StartWindows = startWindows, AdjointSweep = !args.Contains("--autograd") } };
var data = SyntheticIb(episodes: 20, steps: 500, seed: 1);
var layout = PlantLayout.Derive(data, config);
using var windows = new WindowedData(data, layout);
using var ensemble = new TransitionEnsemble(layout, config.Ensemble.Members, config.Ensemble.HiddenSizes, 1);
using var policies = new PolicySet(layout, config.Search.Policies, config.Safety.BehaviourHiddenSizes, 2);
var safety = new SafetyModel(SafetyMode.Bounds, StateBounds.FromData(data, config.Safety), null);
using var search = new PolicySearch(policies, ensemble, windows, safety, config.Search, 3);

// As the trainer runs the search: one collection pause held over all steps, renewed between them (see
// CollectionPause); a pause per step would add a blocking collection to every step.
using var pause = CollectionPause.Hold();
for (var i = 0; i < warmup; i++)
{
    search.Run(search.StepsDone + 1, config.Safety.AlphaSafe);
}

var times = new List<double>();
var firstHalf = new List<double>();
var secondHalf = new List<double>();
var outside = new List<double>(); // step time beyond its slower half: sampling, the gradient sum, Adam
var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
for (var i = 0; i < steps; i++)
{
    var clock = Stopwatch.StartNew();
    search.Run(search.StepsDone + 1, config.Safety.AlphaSafe);
    times.Add(clock.Elapsed.TotalMilliseconds);
    firstHalf.Add(search.LastHalfMilliseconds.First);
    secondHalf.Add(search.LastHalfMilliseconds.Second);
    outside.Add(times[^1] - Math.Max(search.LastHalfMilliseconds.First, search.LastHalfMilliseconds.Second));
}

// Forward only (no autograd) for the split between rollout and back-propagation.
var forwardCpu = Process.GetCurrentProcess().TotalProcessorTime;
var forwardClock = Stopwatch.StartNew();
for (var i = 0; i < Math.Max(1, steps / 2); i++)
{
    search.Evaluate();
}

var forwardWall = forwardClock.Elapsed.TotalMilliseconds / Math.Max(1, steps / 2);

var forwardPerStep = (Process.GetCurrentProcess().TotalProcessorTime - forwardCpu).TotalMilliseconds / Math.Max(1, steps / 2);
cpuStart += Process.GetCurrentProcess().TotalProcessorTime - forwardCpu;

// CPU time per step: less sensitive than wall time to other processes on a shared machine.
var cpuPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / steps;
// One half of the step alone (B/2 windows, one intra-op thread, no second thread running): what each half would cost
// without the other, split into the rollout and the reverse pass, for the gradient path in use. After the CPU
// reading above, which it must not count.
var (halfForward, halfBackward) = HalfAlone(search.UsesAdjointSweep);
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
var policyForward = Mlp(layout.WindowWidth, config.Safety.BehaviourHiddenSizes, layout.ActionWidth);
var modelForward = Mlp(layout.WindowWidth + layout.ActionWidth, config.Ensemble.HiddenSizes, layout.ModelOutputs);
var flop = 3.0 * (policyForward + modelForward) * k * b * h;
// What the step computes: the models are frozen, so their backward is input gradients only (1 × forward, not 2 ×).
var flopDone = ((3.0 * policyForward) + (2.0 * modelForward)) * k * b * h;
var c = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(c, $"policy-search step: K={k} H={h} B={b} M={ensemble.Members} threads={threads} gradient={(search.UsesAdjointSweep ? "adjoint sweep" : "autograd")}"));
Console.WriteLine(string.Create(c, $"ms/step  median {median:F1}  min {times[0]:F1}  max {times[^1]:F1}  ({steps} steps after {warmup} warm-up)"));
if (search.ParallelHalves)
{
    firstHalf.Sort();
    secondHalf.Sort();
    outside.Sort();
    Console.WriteLine(string.Create(c, $"halves (median ms): this thread {firstHalf[steps / 2]:F1}, worker thread {secondHalf[steps / 2]:F1}; the step waits for the slower, plus {outside[steps / 2]:F1} ms outside the halves"));
}

Console.WriteLine(string.Create(c, $"CPU ms/step {cpuPerStep:F1} (all threads); forward-only rollout without autograd (all windows, {threads} intra-op threads) {forwardWall:F1} wall, {forwardPerStep:F1} CPU"));
Console.WriteLine(string.Create(c, $"FLOP/step {flop / 1e9:F2} G  →  {flop / 1e9 / (median / 1000):F1} GFLOP/s  (3 × forward; computed: {flopDone / 1e9:F2} G, no weight gradients for the frozen models)"));

Console.WriteLine(string.Create(c, $"one half alone on 1 thread (median of 20): rollout {halfForward:F1} ms, reverse pass {halfBackward:F1} ms"));

// The machine's own matmul rate on the same threads, measured in the same run: the shared machine's speed drifts by
// tens of percent over a day, and the share of this peak the step reaches compares across days where ms do not.
var peak = MatmulPeak(1024, repeats: 10);
Console.WriteLine(string.Create(c, $"matmul 1024³ on {threads} threads: {peak:F1} GFLOP/s (median of 10)  →  step at {100 * flop / 1e9 / (median / 1000) / peak:F0} % of it; at this peak the step's FLOP take {flop / 1e9 / peak * 1000:F1} ms"));
return 0;

(double Forward, double Backward) HalfAlone(bool adjoint)
{
    set_num_threads(1);
    var members = ensemble.Members;
    var perMember = search.WindowsPerMember / 2;
    using var indices = tensor(Enumerable.Range(0, members * perMember).Select(i => (long)(i * 37 % windows.Count)).ToArray());
    using var starts = windows.Windows(indices).view(members, perMember, layout.HistoryLength, layout.ObservationWidth);
    var (low, high) = safety.Bounds.Normalised(layout);
    using var lo = tensor(low);
    using var hi = tensor(high);
    var parameters = policies.Network.Parameters.Cast<Tensor>().ToList();
    var forward = new List<double>();
    var backward = new List<double>();
    for (var i = 0; i < 23; i++)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        if (adjoint)
        {
            var (sweep, statesValue, _) = AdjointRollout.Run(starts, policies, ensemble, config.Search.Horizon);
            var states = statesValue.requires_grad_();
            var loss = -sweep.ExpressionRewards(states).mean() + BoundsPenaltyOf(states);
            var gradient = autograd.grad([loss], [states]);
            forward.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            sweep.ParameterGradients(gradient[0], null);
        }
        else
        {
            var rollout = ModelRollout.Run(starts, policies, ensemble, null, config.Search.Horizon);
            var loss = -rollout.Rewards.mean() + BoundsPenaltyOf(rollout.States);
            forward.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            autograd.grad([loss], parameters);
        }

        backward.Add(clock.Elapsed.TotalMilliseconds);
    }

    // The first 3 are warm-up.
    set_num_threads(threads);
    List<double> forwardTimes = [.. forward.Skip(3).Order()];
    List<double> backwardTimes = [.. backward.Skip(3).Order()];
    return (forwardTimes[forwardTimes.Count / 2], backwardTimes[backwardTimes.Count / 2]);

    Tensor BoundsPenaltyOf(Tensor states) => IndustrialSafeRL.OfflineTrainer.Losses.BoundsPenalty.Compute(states, lo, hi, config.Search.Gamma).mean();
}

static double MatmulPeak(int size, int repeats)
{
    using var scope = NewDisposeScope();
    using var noGrad = no_grad();
    var a = randn(size, size);
    var b = randn(size, size);
    for (var i = 0; i < 2; i++)
    {
        matmul(a, b).Dispose();
    }

    var rates = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        var clock = Stopwatch.StartNew();
        matmul(a, b).Dispose();
        rates.Add(2.0 * size * size * size / clock.Elapsed.TotalSeconds / 1e9);
    }

    rates.Sort();
    return rates[rates.Count / 2];
}

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
