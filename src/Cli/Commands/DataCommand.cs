using System.CommandLine;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl data</c>: the parent of the dataset verbs (generate, stats; more are added by one line below).</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Datasets of transitions: generate behaviour data, print statistics, import and export CSV.");
        foreach (var subcommand in Subcommands())
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    private static IEnumerable<Command> Subcommands()
    {
        yield return DataGenerateCommand.Create();
        yield return DataStatsCommand.Create();
        yield return DataImportCommand.Create();
        yield return DataExportCommand.Create();
    }
}
