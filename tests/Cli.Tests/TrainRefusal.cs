namespace IndustrialSafeRL.Cli.Tests;

/// <summary>Runs <c>isrl train</c> on a small real store with extra arguments, so the only reason left to refuse is
/// in those arguments, and reports the exit code and whether the run directory was created.</summary>
internal static class TrainRefusal
{
    /// <summary><paramref name="extra"/> may name a file in the temporary folder as <c>{dir}/name</c>.</summary>
    public static (int ExitCode, bool Wrote) Run(params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("isrl-cli-train-").FullName;
        try
        {
            var store = Path.Combine(dir, "data.sqlite");
            Assert.Equal(0, CliRun.Invoke("data", "generate", "--episodes", "2", "--steps", "30", "--out", store).ExitCode);
            var output = Path.Combine(dir, "run");
            var (code, _, _) = CliRun.Invoke(["train", "--store", store, "--out", output, .. extra.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal))]);
            return (code, Directory.Exists(output));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
