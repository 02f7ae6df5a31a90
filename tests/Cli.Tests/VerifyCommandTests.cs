using IndustrialSafeRL.Verification.Tests;

namespace IndustrialSafeRL.Cli.Tests;

/// <summary><c>isrl verify</c> end to end on packages written in the test.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-verify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Error) Run(params string[] args) => CliRun.Invoke(["verify", .. args]);

    [Fact]
    public void A_good_package_exits_zero_and_a_failing_one_exits_non_zero_with_one_line_reasons()
    {
        var running = Path.Combine(_dir, "running");
        var candidate = Path.Combine(_dir, "candidate");
        TestPackages.Write(running);
        TestPackages.Write(candidate, biasShift: 0.5);
        var store = TestPackages.Store(Path.Combine(_dir, "recent.sqlite"));

        var pass = Run(running, "--against", running, "--store", store, "--splits", "64");
        Assert.True(pass.Exit == 0, pass.Out + pass.Error);
        Assert.StartsWith("PASS", pass.Out, StringComparison.Ordinal);
        Assert.Contains("trust-region: max D 0 ", pass.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, pass.Error);

        var fail = Run(candidate, "--against", running, "--store", store, "--high", "0.2,2", "--low", "-0.2,-3", "--splits", "64");
        Assert.Equal(1, fail.Exit);
        var reasons = fail.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, reasons.Length);
        Assert.StartsWith("isrl verify: trust-region: max D", reasons[0], StringComparison.Ordinal);
        Assert.StartsWith("isrl verify: output-bounds:", reasons[1], StringComparison.Ordinal);
        Assert.Contains("counterexample", reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_carries_the_verdict_and_a_tampered_file_names_the_hash()
    {
        var package = Path.Combine(_dir, "p");
        TestPackages.Write(package);
        var onnx = Path.Combine(package, "policy.onnx");
        var bytes = File.ReadAllBytes(onnx);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(onnx, bytes);
        var (exit, output, error) = Run(package, "--json", "--skip-bounds");
        Assert.Equal(1, exit);
        Assert.Contains("\"verdict\": \"fail\"", output, StringComparison.Ordinal);
        Assert.Contains("onnx.sha256", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_limit_list_is_a_usage_error_naming_the_option()
    {
        var package = Path.Combine(_dir, "p");
        TestPackages.Write(package);
        var (exit, _, error) = Run(package, "--low", "0,x", "--high", "1,1");
        Assert.Equal(2, exit);
        Assert.Contains("--low: 'x' (item 2) is not a number", error, StringComparison.Ordinal);
        var badRange = Run(package, "--range", "c=1");
        Assert.Equal(2, badRange.Exit);
        Assert.Contains("--range: 'c=1' is not tag=low:high", badRange.Error, StringComparison.Ordinal);

        // A narrower range for tag c still proves the action bounds; an unknown tag fails the bounds check.
        Assert.Equal(0, Run(package, "--range", "c=0:1", "--range", "a=-1:1").Exit);
        var unknown = Run(package, "--range", "zz=0:1");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("range for 'zz'", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_from_a_shield_options_file_are_checked_by_action_tag()
    {
        var package = Path.Combine(_dir, "p");
        TestPackages.Write(package);
        var shield = Path.Combine(_dir, "appsettings.json");
        File.WriteAllText(shield, """
            { "Shield": { "Actuators": [ { "Tag": "u", "Min": -0.2, "Max": 0.2 }, { "Tag": "v", "Min": -3, "Max": 2 } ] } }
            """);
        var tight = Run(package, "--shield", shield, "--splits", "64");
        Assert.Equal(1, tight.Exit);
        Assert.Contains("output-bounds:", tight.Error, StringComparison.Ordinal);
        Assert.Contains("counterexample: u =", tight.Error, StringComparison.Ordinal);

        File.WriteAllText(shield, """
            { "Actuators": [ { "Tag": "v", "Min": -3, "Max": 2 }, { "Tag": "u", "Min": -1, "Max": 1 } ] }
            """);
        var swapped = Run(package, "--shield", shield);
        Assert.Equal(1, swapped.Exit);
        Assert.Contains("the limits are for actions [v, u], the package's action tags are [u, v]", swapped.Error, StringComparison.Ordinal);

        File.WriteAllText(shield, """{ "Actuators": [ { "Tag": "u", "Min": 1, "Max": -1 } ] }""");
        var invalid = Run(package, "--shield", shield);
        Assert.Equal(2, invalid.Exit);
        Assert.Contains("--shield:", invalid.Error, StringComparison.Ordinal);
    }
}
