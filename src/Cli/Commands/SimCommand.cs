using System.CommandLine;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl sim</c>: the parent of the simulator verbs (trace; more are added by one line below).</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var command = new Command("sim", "The Industrial Benchmark simulator: traces for cross-checking, served over OPC UA.");
        foreach (var subcommand in Subcommands())
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    private static IEnumerable<Command> Subcommands()
    {
        yield return SimTraceCommand.Create();
        yield return SimServeCommand.Create();
    }
}
