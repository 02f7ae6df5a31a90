using System.CommandLine;
using IndustrialSafeRL.Cli.Commands;

// `isrl`: one entry point, one verb per capability. Each verb lives in Commands/ and builds its own Command.
var root = new RootCommand("IndustrialSafeRL: learn better control from logged plant data, safely.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
