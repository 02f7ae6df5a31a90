using System.CommandLine;
using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// <c>isrl data import</c>: CSV rows into a transition store (created from the CSV header when absent). A bad row
/// stops the import naming its line and column; the batches before it stay imported and are counted.
/// </summary>
internal static class DataImportCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--csv") { Description = "CSV file in the export format.", Required = true };
        var store = new Option<string>("--store") { Description = "Transition store to append to (created when absent; its layout must match the CSV header).", Required = true };
        var batch = new Option<int>("--batch") { Description = "Rows per transaction.", DefaultValueFactory = _ => 1000 };
        var command = new Command("import", "Import transitions from CSV into a store.") { input, store, batch };
        command.SetAction(parseResult => VerbAction.Run(parseResult, "data import", (stdout, stderr) =>
        {
            var csvPath = Path.GetFullPath(parseResult.GetValue(input)!);
            var batchSize = parseResult.GetValue(batch);
            if (batchSize < 1)
            {
                throw new VerbFailure($"--batch must be at least 1, got {batchSize}");
            }

            if (!File.Exists(csvPath))
            {
                throw new VerbFailure($"--csv: {csvPath} does not exist");
            }

            using var reader = new StreamReader(csvPath);
            var header = reader.ReadLine() ?? throw new VerbFailure($"--csv: {csvPath} is empty");
            var layout = TransitionCsv.ParseHeader(header, csvPath);
            using var target = TransitionStore.OpenOrCreate(parseResult.GetValue(store)!, layout);
            var before = target.Count();
            reader.BaseStream.Position = 0;
            reader.DiscardBufferedData();
            try
            {
                var rows = TransitionCsv.Import(reader, csvPath, target, batchSize);
                stdout.WriteLine($"imported {rows} transitions into {target.Path} ({target.Count()} rows in all)");
                return 0;
            }
            catch (TransitionStoreException e)
            {
                stderr.WriteLine($"isrl data import: error: {e.Message}");
                stderr.WriteLine($"isrl data import: {target.Count() - before} rows before the error were imported and kept");
                return 1;
            }
        }));
        return command;
    }
}
