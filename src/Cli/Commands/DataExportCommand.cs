using System.CommandLine;
using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl data export</c>: a transition store (or part of it) as CSV for historians and spreadsheets.</summary>
internal static class DataExportCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "Transition store to read.", Required = true };
        var output = new Option<string>("--out") { Description = "CSV file to write (refuses an existing one); '-' for standard output.", Required = true };
        var run = new Option<string?>("--run") { Description = "Only this run id." };
        var policy = new Option<string?>("--policy") { Description = "Only this policy id." };
        var command = new Command("export", "Export transitions to CSV (header: obs:TAG, proposed:TAG, applied:TAG, reward:COMPONENT, next:TAG).")
        {
            store, output, run, policy,
        };
        command.SetAction(parseResult => VerbAction.Run(parseResult, "data export", (stdout, stderr) =>
        {
            using var source = TransitionStore.Open(parseResult.GetValue(store)!, readOnly: true);
            var query = new TransitionQuery(RunId: parseResult.GetValue(run), PolicyId: parseResult.GetValue(policy));
            var path = parseResult.GetValue(output)!;
            if (path == "-")
            {
                TransitionCsv.Export(source, stdout, query);
                return 0;
            }

            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                throw new VerbFailure($"--out: {full} already exists; refusing to overwrite it");
            }

            using (var writer = new StreamWriter(full))
            {
                var rows = TransitionCsv.Export(source, writer, query);
                stderr.WriteLine($"exported {rows} transitions from {source.Path}");
            }

            stdout.WriteLine(full);
            return 0;
        }));
        return command;
    }
}
