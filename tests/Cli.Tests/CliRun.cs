using System.CommandLine;
using IndustrialSafeRL.Cli.Commands;

namespace IndustrialSafeRL.Cli.Tests;

/// <summary>Parses and invokes <c>isrl</c> in-process, capturing its output and error streams.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand("isrl under test");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
