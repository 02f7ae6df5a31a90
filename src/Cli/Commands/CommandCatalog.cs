using System.CommandLine;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>The verbs of <c>isrl</c>, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return DemoCommand.Create();
        yield return DataCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
        yield return VerifyCommand.Create();
        yield return SimCommand.Create();
        yield return ControllerCommand.Create();
        yield return ReportCommand.Create();
        yield return InfoCommand.Create();
    }
}
