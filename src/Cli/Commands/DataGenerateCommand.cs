using System.CommandLine;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.IndustrialBenchmark.Datasets;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.IndustrialBenchmark.TwoDimensional;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// <c>isrl data generate</c>: behaviour episodes on the Industrial Benchmark (or the 2D task) into a new
/// TransitionStore. Rewards are stored raw, −(3f + c); scaling by 1/100 is an evaluation option.
/// </summary>
internal static class DataGenerateCommand
{
    public static Command Create()
    {
        var task = new Option<string>("--task") { Description = "ib (Industrial Benchmark) or 2d (the 2D task).", DefaultValueFactory = _ => "ib" };
        task.AcceptOnlyFromAmong("ib", "2d");
        var policy = new Option<string>("--policy") { Description = $"Behaviour policy: {string.Join(", ", BehaviourPolicies.Names)} (ib).", DefaultValueFactory = _ => "mediocre" };
        var epsilon = new Option<double>("--epsilon") { Description = "Share of uniformly random actions, in [0, 1].", DefaultValueFactory = _ => 0.0 };
        var setpoint = new Option<double>("--setpoint") { Description = "Setpoint p in [0, 100] (ib).", DefaultValueFactory = _ => 70.0 };
        var episodes = new Option<int>("--episodes") { Description = "Episodes.", DefaultValueFactory = _ => 100 };
        var steps = new Option<int?>("--steps") { Description = "Steps per episode (default 1000 for ib, 30 for 2d)." };
        var seed = new Option<uint>("--seed") { Description = "Seed S: episode e resets with S + e (numpy-compatible).", DefaultValueFactory = _ => 0u };
        var nonStationary = new Option<bool>("--nonstationary") { Description = "Non-stationary setpoint mode (ib)." };
        var noise = new Option<double>("--noise") { Description = "Behaviour noise standard deviation (2d).", DefaultValueFactory = _ => DirectionFieldPolicy.DefaultNoise };
        var runId = new Option<string?>("--run-id") { Description = "Run id for the rows (default derived from the options)." };
        var output = new Option<string>("--out") { Description = "New store file (refuses an existing one).", Required = true };

        var command = new Command("generate", "Generate behaviour episodes into a new transition store.")
        {
            task, policy, epsilon, setpoint, episodes, steps, seed, nonStationary, noise, runId, output,
        };
        command.SetAction(parseResult => VerbAction.Run(parseResult, "data generate", (stdout, stderr) =>
        {
            var path = parseResult.GetValue(output)!;
            var episodeCount = parseResult.GetValue(episodes);
            if (episodeCount < 1)
            {
                throw new VerbFailure($"--episodes must be at least 1, got {episodeCount}");
            }

            if (parseResult.GetValue(task) == "2d")
            {
                return Generate2D(path, episodeCount, parseResult.GetValue(steps) ?? 30, parseResult.GetValue(seed),
                    parseResult.GetValue(noise), parseResult.GetValue(runId), stdout, stderr);
            }

            var options = new DatasetOptions
            {
                Policy = parseResult.GetValue(policy)!,
                Epsilon = parseResult.GetValue(epsilon),
                Setpoint = parseResult.GetValue(setpoint),
                Episodes = episodeCount,
                Steps = parseResult.GetValue(steps) ?? 1000,
                Seed = parseResult.GetValue(seed),
                Stationary = !parseResult.GetValue(nonStationary),
                RunId = parseResult.GetValue(runId),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new VerbFailure(OptionMessage(e));
            }

            using var store = TransitionStore.Create(path, DatasetGenerator.Layout, StoreDurability.Normal);
            stderr.WriteLine($"generating {options.Episodes} episodes × {options.Steps} steps of {options.PolicyId} at setpoint {options.Setpoint} into {store.Path}");
            var progress = new ConsoleProgress(stderr, "episodes", options.Episodes, done => $"{(long)done * options.Steps} rows");
            var rows = DatasetGenerator.Generate(store, options, progress);
            stdout.WriteLine(FormattableString.Invariant(
                $"wrote {rows} transitions ({options.Episodes} episodes, policy {options.PolicyId}, run {options.EffectiveRunId}) to {store.Path} in {progress.Elapsed.TotalSeconds:F1} s"));
            return 0;
        }));
        return command;
    }

    private static int Generate2D(string path, int episodes, int steps, uint seed, double noise, string? runId, TextWriter stdout, TextWriter stderr)
    {
        if (double.IsNaN(noise) || noise < 0)
        {
            throw new VerbFailure($"--noise must be ≥ 0, got {noise}");
        }

        var options = new TwoDimensionalTaskOptions { EpisodeLength = steps };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new VerbFailure(OptionMessage(e));
        }

        var run = runId ?? FormattableString.Invariant($"2d-direction-field-{noise:0.###}-seed{seed}");
        using var store = TransitionStore.Create(path, TwoDimensionalTask.Layout, StoreDurability.Normal);
        var progress = new ConsoleProgress(stderr, "episodes", episodes);
        long rows = 0;
        var done = 0;
        foreach (var episode in TwoDimensionalTask.Episodes(episodes, seed, noise, run, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), options))
        {
            store.Append(episode);
            rows += episode.Count;
            progress.Report(++done);
        }

        stdout.WriteLine($"wrote {rows} transitions ({episodes} episodes of the 2D task, run {run}) to {store.Path}");
        return 0;
    }

    private static string OptionMessage(ArgumentException e) => VerbAction.OptionMessage(e, new Dictionary<string, string>
    {
        ["Policy"] = "--policy",
        ["Epsilon"] = "--epsilon",
        ["Setpoint"] = "--setpoint",
        ["Episodes"] = "--episodes",
        ["Steps"] = "--steps",
        ["EpisodeLength"] = "--steps",
    });
}
