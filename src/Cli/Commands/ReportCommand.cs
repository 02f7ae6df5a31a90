using System.CommandLine;
using IndustrialSafeRL.Cli.Demo;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl report</c>: rewrite a demo run's report, or compare two runs side by side (e.g. α_d = 0 against α_d > 0).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Argument<string?>("run") { Description = "A demo run folder (holding demo.json).", Arity = ArgumentArity.ZeroOrOne };
        var compare = new Option<string[]>("--compare") { Description = "Two demo run folders to compare.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "Comparison file (default compare.md in the current folder)." };
        var command = new Command("report", "Write a demo run's Markdown report, or compare two runs.") { run, compare, output };
        command.SetAction(parseResult => VerbAction.Run(parseResult, "report", (stdout, _) =>
        {
            var pair = parseResult.GetValue(compare) ?? [];
            if (pair.Length > 0)
            {
                if (pair.Length != 2)
                {
                    throw new VerbFailure($"--compare takes two run folders, got {pair.Length}");
                }

                stdout.WriteLine(DemoReport.Compare(pair[0], pair[1], parseResult.GetValue(output) ?? "compare.md"));
                return 0;
            }

            var folder = parseResult.GetValue(run) ?? throw new VerbFailure("name a demo run folder, or --compare two of them");
            var state = DemoState.Load(Path.Combine(folder, "demo.json")) ?? throw new VerbFailure($"{folder}: no demo.json (not a demo run folder)");
            stdout.WriteLine(DemoReport.Write(folder, state));
            return 0;
        }));
        return command;
    }
}
