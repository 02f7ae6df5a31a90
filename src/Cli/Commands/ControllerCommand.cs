using System.CommandLine;
using System.Globalization;
using IndustrialSafeRL.Controller.Host.Hosting;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// <c>isrl controller run</c>: the controller host of the installed service, in the foreground, for trials. Same
/// composition (<see cref="ControllerHost"/>), the IB tag set as default mapping, options from the command line on top
/// of an optional configuration file.
/// </summary>
internal static class ControllerCommand
{
    public static Command Create()
    {
        var command = new Command("controller", "Run the controller host (policy behind the shield, over OPC UA).");
        command.Subcommands.Add(Run());
        return command;
    }

    private static Command Run()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "OPC UA endpoint, e.g. opc.tcp://127.0.0.1:4840", Required = true };
        var package = new Option<string[]>("--package") { Description = "Policy package directory (repeat for an ensemble; the first is the champion)", Required = true, AllowMultipleArgumentsPerToken = true };
        var mode = new Option<string>("--mode") { Description = "shadow | advisory | auto", DefaultValueFactory = _ => "shadow" };
        mode.AcceptOnlyFromAmong("off", "shadow", "advisory", "auto");
        var config = new Option<FileInfo?>("--config") { Description = "JSON configuration file (Controller, Shield, Serilog sections)" };
        var cycles = new Option<long?>("--cycles") { Description = "Stop after N cycles (default: until Ctrl+C)" };
        var store = new Option<string?>("--store") { Description = "Transition store (SQLite); default from configuration, else transitions.sqlite" };
        var cycleMs = new Option<int?>("--cycle-ms") { Description = "Cycle time in milliseconds (default from configuration, else 100)" };
        var audit = new Option<string?>("--audit") { Description = "Audit trail file (default from configuration, else audit.jsonl)" };
        var health = new Option<string?>("--health-url") { Description = "Loopback URL for /healthz and /status; empty disables (default from configuration)" };
        var noHandshake = new Option<bool>("--no-plc-handshake") { Description = "Run without permissive, life bit and heartbeat (simulators without PLC tags; logged as a warning)" };
        var run = new Command("run", "Run the controller in the foreground against an OPC UA endpoint.")
        {
            endpoint, package, mode, config, cycles, store, cycleMs, audit, health, noHandshake,
        };
        run.SetAction(async (result, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>
            {
                ["Controller:Endpoint"] = result.GetValue(endpoint),
                ["Controller:Mode"] = result.GetValue(mode),
            };
            var packages = result.GetValue(package) ?? [];
            for (var i = 0; i < packages.Length; i++)
            {
                overrides[$"Controller:Packages:{i}"] = Path.GetFullPath(packages[i]);
            }

            if (result.GetValue(store) is { } s)
            {
                overrides["Controller:Store"] = s;
            }

            if (result.GetValue(audit) is { } a)
            {
                overrides["Controller:AuditLog"] = a;
            }

            if (result.GetValue(cycleMs) is { } ms)
            {
                overrides["Controller:CycleTime"] = TimeSpan.FromMilliseconds(ms).ToString("c", CultureInfo.InvariantCulture);
                // Keep the per-call timeout inside the cycle (at least Polly's 10 ms).
                overrides["Controller:Resilience:IoTimeout"] = TimeSpan.FromMilliseconds(Math.Max(10, ms * 0.4)).ToString("c", CultureInfo.InvariantCulture);
            }

            if (result.GetValue(health) is { } h)
            {
                overrides["Controller:HealthUrl"] = h;
            }

            if (result.GetValue(noHandshake))
            {
                overrides["Controller:Handshake:Required"] = "false";
            }

            return await ControllerHost.RunAsync(new ControllerHostSettings
            {
                ConfigFile = result.GetValue(config)?.FullName,
                Overrides = overrides,
                Cycles = result.GetValue(cycles),
            }, cancellationToken).ConfigureAwait(false);
        });
        return run;
    }
}
