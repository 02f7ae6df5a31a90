using System.CommandLine;
using System.Runtime.InteropServices;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl info</c>: versions and runtime facts, the first thing to paste into a bug report.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print versions, the .NET host in use and the machine's facts.");
        command.SetAction(_ =>
        {
            var version = typeof(InfoCommand).Assembly.GetName().Version;
            Console.WriteLine($"IndustrialSafeRL {version}");
            Console.WriteLine($".NET          {RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"host          {Environment.ProcessPath}");
            Console.WriteLine($"OS            {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
            Console.WriteLine($"cores         {Environment.ProcessorCount}");
            return 0;
        });
        return command;
    }
}
