using System.Globalization;
using System.IO.Compression;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.TestSupport;

namespace IndustrialSafeRL.Cli.Tests;

/// <summary>The Industrial Benchmark verbs: data generate → stats, evaluate, sim trace, and their errors.</summary>
public sealed class IndustrialBenchmarkVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isrl-cli-ib-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Golden(string file) => RepositoryPaths.SharedFile("reference", "industrial-benchmark", "golden", file);

    [Fact]
    public void Data_generate_then_stats_on_a_small_dataset()
    {
        var store = Path.Combine(_folder, "store.sqlite");
        var generate = CliRun.Invoke("data", "generate", "--policy", "mediocre", "--epsilon", "0.2", "--setpoint", "70",
            "--episodes", "3", "--steps", "40", "--seed", "4", "--out", store);
        Assert.True(generate.ExitCode == 0, generate.Error);
        Assert.Contains("wrote 120 transitions", generate.Output, StringComparison.Ordinal);
        Assert.Contains("episodes 3/3", generate.Error, StringComparison.Ordinal);

        using (var opened = TransitionStore.Open(store, readOnly: true))
        {
            Assert.Equal(120, opened.Count());
            Assert.Equal(["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"], opened.Layout.ObservationTags);
            var rows = opened.Read().ToList();
            Assert.All(rows, r => Assert.Equal("mediocre-0.2", r.PolicyId));
            Assert.Equal(3, rows.Count(r => r.Flags.HasFlag(TransitionFlags.EpisodeEnd)));
            Assert.All(rows, r => Assert.Equal(-((3 * r.RewardComponents[0]) + r.RewardComponents[1]), r.Reward, 1e-9));
        }

        var stats = CliRun.Invoke("data", "stats", store);
        Assert.True(stats.ExitCode == 0, stats.Error);
        Assert.Contains("transitions   120", stats.Output, StringComparison.Ordinal);
        Assert.Contains("episodes      3", stats.Output, StringComparison.Ordinal);
        Assert.Contains("policies      mediocre-0.2", stats.Output, StringComparison.Ordinal);
        Assert.Matches(@"coverage      \d+ of 10000 state cells", stats.Output);
        Assert.Matches(@"return        -\d+\.\d ± \d+\.\d \(sd\)", stats.Output);
    }

    [Fact]
    public void Data_generate_refuses_existing_files_unknown_policies_and_unwritable_paths()
    {
        var store = Path.Combine(_folder, "exists.sqlite");
        File.WriteAllText(store, "not a store");
        var exists = CliRun.Invoke("data", "generate", "--episodes", "1", "--steps", "5", "--out", store);
        Assert.Equal(1, exists.ExitCode);
        Assert.Contains("already exists", exists.Error, StringComparison.Ordinal);

        var unknown = CliRun.Invoke("data", "generate", "--policy", "great", "--out", Path.Combine(_folder, "u.sqlite"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("--policy: unknown behaviour policy 'great'", unknown.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "u.sqlite")));

        var blocker = Path.Combine(_folder, "file");
        File.WriteAllText(blocker, "x");
        var unwritable = CliRun.Invoke("data", "generate", "--episodes", "1", "--out", Path.Combine(blocker, "sub", "s.sqlite"));
        Assert.Equal(1, unwritable.ExitCode);
        Assert.Contains("isrl data generate: error:", unwritable.Error, StringComparison.Ordinal);
        Assert.Contains("s.sqlite", unwritable.Error, StringComparison.Ordinal);

        var epsilon = CliRun.Invoke("data", "generate", "--epsilon", "1.5", "--out", Path.Combine(_folder, "e.sqlite"));
        Assert.Equal(1, epsilon.ExitCode);
        Assert.Contains("--epsilon:", epsilon.Error, StringComparison.Ordinal);

        var missing = CliRun.Invoke("data", "stats", Path.Combine(_folder, "none.sqlite"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such transition store", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_a_behaviour_name_prints_mean_and_standard_error()
    {
        var run = CliRun.Invoke("evaluate", "--policy", "optimized", "--episodes", "20");
        Assert.True(run.ExitCode == 0, run.Error);
        var match = System.Text.RegularExpressions.Regex.Match(run.Output, @"^optimized-0: (-?\d+\.\d+) ± (\d+\.\d+) \(mean ± standard error over 20 episodes");
        Assert.True(match.Success, run.Output);
        var mean = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(mean, -62 * 1.02, -62 * 0.98);
    }

    [Fact]
    public void Evaluate_several_policies_prints_each_and_their_true_simulator_spread()
    {
        var run = CliRun.Invoke("evaluate", "--policy", "mediocre", "optimized", "--episodes", "3", "--steps", "30");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("mediocre-0: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("optimized-0: ", run.Output, StringComparison.Ordinal);
        var match = System.Text.RegularExpressions.Regex.Match(run.Output, @"MinLSED (\d+\.\d+), mean pairwise LSED (\d+\.\d+)");
        Assert.True(match.Success, run.Output);
        Assert.True(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > 1, run.Output);
    }

    [Fact]
    public void Evaluate_feeds_a_tag_guided_package_the_named_plant_controller_proposal()
    {
        // The package's action is its guide plus 0: it must score exactly as the controller it is given.
        var package = Policy.Runtime.Tests.Support.TestPolicyPackages.WriteGuided(
            Path.Combine(_folder, "follow"), [0f, 0f, 0f], "follow-guide", kind: "tag", bound: 0.1, clip: true);
        foreach (var controller in new[] { "optimized", "bad" })
        {
            var guided = CliRun.Invoke("evaluate", "--policy", package, "--plant-controller", controller, "--episodes", "3", "--steps", "40");
            var alone = CliRun.Invoke("evaluate", "--policy", controller, "--episodes", "3", "--steps", "40");
            Assert.True(guided.ExitCode == 0, guided.Error);
            Assert.True(alone.ExitCode == 0, alone.Error);
            Assert.Equal(MeanOf(alone.Output, $"{controller}-0"), MeanOf(guided.Output, "follow-guide"), 2);
        }

        Assert.NotEqual(
            MeanOf(CliRun.Invoke("evaluate", "--policy", "optimized", "--episodes", "3", "--steps", "40").Output, "optimized-0"),
            MeanOf(CliRun.Invoke("evaluate", "--policy", "bad", "--episodes", "3", "--steps", "40").Output, "bad-0"), 2);
    }

    [Fact]
    public void Evaluate_refuses_a_guide_mismatch_naming_the_field_and_the_option()
    {
        var tagGuided = Policy.Runtime.Tests.Support.TestPolicyPackages.WriteGuided(
            Path.Combine(_folder, "tag"), [0f, 0f, 0f], "tag-guided", kind: "tag", clip: true);
        var missing = CliRun.Invoke("evaluate", "--policy", tagGuided);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("guideInput:", missing.Error, StringComparison.Ordinal);
        Assert.Contains("--plant-controller (bad, mediocre, optimized)", missing.Error, StringComparison.Ordinal);

        var unguided = Policy.Runtime.Tests.Support.TestPolicyPackages.WriteConstant(Path.Combine(_folder, "constant"), [0f, 0f, 0f]);
        var surplus = CliRun.Invoke("evaluate", "--policy", unguided, "--plant-controller", "optimized");
        Assert.Equal(1, surplus.ExitCode);
        Assert.Contains("has no guide input", surplus.Error, StringComparison.Ordinal);

        var unknown = CliRun.Invoke("evaluate", "--policy", tagGuided, "--plant-controller", "random");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("--plant-controller: 'random' is not a plant controller (known: bad, mediocre, optimized)", unknown.Error, StringComparison.Ordinal);
    }

    private static double MeanOf(string output, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, "^" + name + @": (-?\d+\.\d+) ±", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(match.Success, output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Evaluate_refuses_what_is_neither_a_behaviour_nor_a_package()
    {
        var run = CliRun.Invoke("evaluate", "--policy", "great");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'great' is not a behaviour policy name or a policy package directory", run.Error, StringComparison.Ordinal);

        // A directory is taken as a policy package and checked by the runtime: one without a manifest is refused.
        var package = CliRun.Invoke("evaluate", "--policy", _folder);
        Assert.Equal(1, package.ExitCode);
        Assert.Contains("--policy: policy package", package.Error, StringComparison.Ordinal);
        Assert.Contains("policy.json", package.Error, StringComparison.Ordinal);

        var episodes = CliRun.Invoke("evaluate", "--policy", "bad", "--episodes", "1");
        Assert.Equal(1, episodes.ExitCode);
        Assert.Contains("--episodes:", episodes.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sim_trace_reproduces_a_golden_file_column_by_column()
    {
        var trace = Path.Combine(_folder, "trace.csv");
        var run = CliRun.Invoke("sim", "trace", "--seed", "1070", "--setpoint", "70",
            "--actions", Golden("sp070_random.csv.gz"), "--out", trace);
        Assert.True(run.ExitCode == 0, run.Error);

        using var goldenReader = new StreamReader(new GZipStream(File.OpenRead(Golden("sp070_random.csv.gz")), CompressionMode.Decompress));
        var golden = goldenReader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ours = File.ReadAllLines(trace);
        Assert.Equal(golden[0], ours[0]);
        Assert.Equal(golden.Length, ours.Length);
        var header = golden[0].Split(',');
        for (var row = 1; row < golden.Length; row++)
        {
            var expected = golden[row].Split(',');
            var actual = ours[row].Split(',');
            for (var c = 0; c < header.Length; c++)
            {
                if (header[c] == "draws")
                {
                    Assert.Equal(DrawValues(expected[c]), DrawValues(actual[c]));
                    continue;
                }

                var e = double.Parse(expected[c], CultureInfo.InvariantCulture);
                var a = double.Parse(actual[c], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(a - e) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"row {row} column {header[c]}: {a:R} vs golden {e:R}");
            }
        }
    }

    [Fact]
    public void Sim_trace_names_the_line_of_a_bad_action()
    {
        var actions = Path.Combine(_folder, "actions.csv");
        File.WriteAllText(actions, "a_v,a_g,a_h\n0.1,0.2,0.3\n0.1,abc,0\n");
        var notNumber = CliRun.Invoke("sim", "trace", "--seed", "1", "--setpoint", "50", "--actions", actions, "--out", Path.Combine(_folder, "t.csv"));
        Assert.Equal(1, notNumber.ExitCode);
        Assert.Contains("line 3, column a_g: 'abc' is not a number", notNumber.Error, StringComparison.Ordinal);

        File.WriteAllText(actions, "0.1,0.2,0.3\n0,0,NaN\n");
        var nan = CliRun.Invoke("sim", "trace", "--seed", "1", "--setpoint", "50", "--actions", actions, "--out", Path.Combine(_folder, "t.csv"));
        Assert.Equal(1, nan.ExitCode);
        Assert.Contains("line 2: action[2] (delta_shift) is NaN", nan.Error, StringComparison.Ordinal);

        File.WriteAllText(actions, "0.1,0.2,0.3\n");
        var unwritable = CliRun.Invoke("sim", "trace", "--seed", "1", "--setpoint", "50", "--actions", actions, "--out", Path.Combine(_folder, "no", "such", "t.csv"));
        Assert.Equal(1, unwritable.ExitCode);
        Assert.Contains("--out: cannot write", unwritable.Error, StringComparison.Ordinal);

        var setpoint = CliRun.Invoke("sim", "trace", "--seed", "1", "--setpoint", "120", "--actions", actions, "--out", Path.Combine(_folder, "t.csv"));
        Assert.Equal(1, setpoint.ExitCode);
        Assert.Contains("--setpoint", setpoint.Error, StringComparison.Ordinal);
    }

    // Tag and value of every draw (the golden file writes Python reprs, the trace .NET round-trip strings).
    private static (char Tag, double Value)[] DrawValues(string draws) =>
        draws.Split(';').Select(d => (d[0], double.Parse(d.AsSpan(2), CultureInfo.InvariantCulture))).ToArray();
}
