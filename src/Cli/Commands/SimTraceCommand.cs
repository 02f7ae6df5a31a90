using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using IndustrialSafeRL.IndustrialBenchmark.Dynamics;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// <c>isrl sim trace</c>: runs the simulator from a seed on a list of actions and writes every state column per
/// step, named as in the golden reference files (plus the random draws), for cross-checking against the reference.
/// </summary>
internal static class SimTraceCommand
{
    private static readonly string[] ActionColumns = ["a_v", "a_g", "a_h"];

    public static Command Create()
    {
        var seed = new Option<uint>("--seed") { Description = "Seed of the simulator (what the reference constructor's seed means).", Required = true };
        var setpoint = new Option<double>("--setpoint") { Description = "Setpoint p in [0, 100].", Required = true };
        var nonStationary = new Option<bool>("--nonstationary") { Description = "Non-stationary setpoint mode." };
        var actions = new Option<string>("--actions")
        {
            Description = "CSV of actions, one step per row: a header with columns a_v, a_g, a_h (other columns ignored), or 3 numbers per row without header. A 'step' column marks a trace or golden file: its step-0 row (the construction) is skipped. .gz is read compressed.",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "Trace CSV to write (overwritten).", Required = true };
        var command = new Command("trace", "Write every state column of the simulator per step for a list of actions.")
        {
            seed, setpoint, nonStationary, actions, output,
        };
        command.SetAction(parseResult => VerbAction.Run(parseResult, "sim trace", (stdout, _) =>
        {
            var p = parseResult.GetValue(setpoint);
            if (double.IsNaN(p) || p < 0 || p > 100)
            {
                throw new VerbFailure(FormattableString.Invariant($"--setpoint: must lie in [0, 100] (got {p})"));
            }

            var actionsPath = parseResult.GetValue(actions)!;
            var steps = ReadActions(actionsPath);
            var outPath = parseResult.GetValue(output)!;
            var rows = Trace(parseResult.GetValue(seed), p, !parseResult.GetValue(nonStationary), steps, actionsPath, outPath);
            stdout.WriteLine($"wrote {rows} rows (step 0 = after construction, then {steps.Count} steps) to {Path.GetFullPath(outPath)}");
            return 0;
        }));
        return command;
    }

    private static int Trace(uint seed, double setpoint, bool stationary, List<(int Line, double[] Action)> steps, string actionsPath, string outPath)
    {
        StreamWriter writer;
        try
        {
            writer = new StreamWriter(outPath, append: false, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VerbFailure($"--out: cannot write {Path.GetFullPath(outPath)}: {e.Message}");
        }

        using (writer)
        {
            writer.WriteLine(string.Join(',', ["step", .. ActionColumns, .. IndustrialBenchmarkStateColumns.Names, "draws"]));
            var recorder = new RecordingRandomSource(new NumpyLegacyRandom(seed));
            var simulator = new IndustrialBenchmarkSimulator(setpoint, recorder, stationary);
            var state = new double[IndustrialBenchmarkStateColumns.Count];
            WriteRow(writer, 0, [0.0, 0.0, 0.0], simulator, recorder, state);
            for (var t = 0; t < steps.Count; t++)
            {
                recorder.Clear();
                var (line, action) = steps[t];
                try
                {
                    simulator.Step(action);
                }
                catch (ArgumentException e)
                {
                    throw new VerbFailure($"{actionsPath} line {line}: {e.Message.Split(" (Parameter", StringSplitOptions.None)[0]}");
                }

                WriteRow(writer, t + 1, action, simulator, recorder, state);
            }
        }

        return steps.Count + 1;
    }

    private static void WriteRow(TextWriter writer, int step, double[] action, IndustrialBenchmarkSimulator simulator, RecordingRandomSource recorder, double[] state)
    {
        IndustrialBenchmarkStateColumns.Read(simulator, state);
        var line = new StringBuilder();
        line.Append(step.ToString(CultureInfo.InvariantCulture));
        foreach (var value in action.Concat(state))
        {
            line.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        line.Append(',').Append(string.Join(';', recorder.Draws));
        writer.WriteLine(line.ToString());
    }

    /// <summary>Reads the action rows; errors name the file, line and column.</summary>
    internal static List<(int Line, double[] Action)> ReadActions(string path)
    {
        TextReader reader;
        try
        {
            Stream stream = File.OpenRead(path);
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                stream = new GZipStream(stream, CompressionMode.Decompress);
            }

            reader = new StreamReader(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VerbFailure($"--actions: cannot read {Path.GetFullPath(path)}: {e.Message}");
        }

        using (reader)
        {
            var result = new List<(int, double[])>();
            int[] columns = [0, 1, 2];
            var stepColumn = -1;
            var lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var cells = line.Split(',');
                if (lineNumber == 1 && !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    columns = ActionColumns.Select(name => Array.IndexOf(cells, name)).ToArray();
                    var missing = ActionColumns.Where((_, i) => columns[i] < 0).ToList();
                    if (missing.Count > 0)
                    {
                        throw new VerbFailure($"{path} line 1: header has no column {string.Join(", ", missing)} (need a_v, a_g, a_h)");
                    }

                    stepColumn = Array.IndexOf(cells, "step");
                    continue;
                }

                // A trace or golden file as input: its step-0 row is the construction, not an action.
                if (stepColumn >= 0 && stepColumn < cells.Length && cells[stepColumn].Trim() == "0")
                {
                    continue;
                }

                var action = new double[3];
                for (var i = 0; i < 3; i++)
                {
                    if (columns[i] >= cells.Length)
                    {
                        throw new VerbFailure($"{path} line {lineNumber}: column {ActionColumns[i]} is missing ({cells.Length} cells)");
                    }

                    var cell = cells[columns[i]].Trim();
                    if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out action[i]))
                    {
                        throw new VerbFailure($"{path} line {lineNumber}, column {ActionColumns[i]}: '{cell}' is not a number");
                    }
                }

                result.Add((lineNumber, action));
            }

            return result;
        }
    }
}
