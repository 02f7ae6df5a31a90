using System.CommandLine;
using System.Globalization;
using IndustrialSafeRL.Cli.Simulation;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Server;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary>
/// <c>isrl sim serve</c>: the Industrial Benchmark served over OPC UA (SecurityPolicy None, loopback by default) with the
/// harness's address space, a PLC life bit, a heartbeat and a permissive; with <c>--own-controller</c> the PLC's own
/// controller's proposed action as guide tags <c>IB.Guide.*</c>. One JSON line per step on stdout; stops on SIGTERM
/// or Ctrl+C.
/// </summary>
internal static class SimServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 4840 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on (None security: keep it on loopback or a segmented network).", DefaultValueFactory = _ => "127.0.0.1" };
        var setpoint = new Option<double>("--setpoint") { Description = "Setpoint p in [0, 100].", DefaultValueFactory = _ => 70 };
        var seed = new Option<uint>("--seed") { Description = "Seed of the simulator.", DefaultValueFactory = _ => 0 };
        var stepOnWrite = new Option<bool>("--step-on-write") { Description = "Exactly one step per Write request that wrote an action tag, applied before the next request (default)." };
        var period = new Option<string?>("--period") { Description = "Step on a timer instead, e.g. 100ms or 1s." };
        var ownController = new Option<string?>("--own-controller")
        {
            Description = "The PLC's own controller (bad, mediocre or optimized set-point controller, no random share): its proposed action is published after every step as read-only guide tags ns=2;s=IB.Guide.<action>, the guide of a package trained with --guide tag.",
        };
        var command = new Command("serve", "Serve the Industrial Benchmark over OPC UA (opc.tcp).") { port, bind, setpoint, seed, stepOnWrite, period, ownController };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            PlantServer plant;
            try
            {
                var p = parseResult.GetValue(setpoint);
                if (double.IsNaN(p) || p < 0 || p > 100)
                {
                    throw new VerbFailure(FormattableString.Invariant($"--setpoint: must lie in [0, 100] (got {p})"));
                }

                var periodText = parseResult.GetValue(period);
                if (periodText is not null && parseResult.GetValue(stepOnWrite))
                {
                    throw new VerbFailure("--step-on-write and --period exclude each other");
                }

                var own = parseResult.GetValue(ownController);
                if (own is not null && own is not ("bad" or "mediocre" or "optimized"))
                {
                    throw new VerbFailure($"--own-controller: '{own}' is not a set-point controller (bad, mediocre or optimized)");
                }

                var options = new PlantServerOptions
                {
                    StepMode = periodText is null ? PlantStepMode.OnWrite : PlantStepMode.Periodic,
                    Period = periodText is null ? TimeSpan.FromMilliseconds(100) : ParsePeriod(periodText),
                    PublishGuide = own is not null,
                };
                var server = new UaServer(new UaServerOptions
                {
                    Port = parseResult.GetValue(port),
                    BindAddress = parseResult.GetValue(bind)!,
                    ApplicationUri = "urn:isrl:sim-serve",
                    ApplicationName = "isrl sim serve (Industrial Benchmark)",
                });
                var controller = own is null ? null : BehaviourPolicies.Create(own, 0, parseResult.GetValue(seed));
                plant = new PlantServer(server, new IndustrialBenchmarkPlant(parseResult.GetValue(seed), p, controller), options);
                plant.StepLogged = line =>
                {
                    lock (output)
                    {
                        output.WriteLine(line);
                        output.Flush();
                    }
                };
                await plant.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is VerbFailure or ArgumentException or FormatException or System.Net.Sockets.SocketException)
            {
                await error.WriteLineAsync($"isrl sim serve: error: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            await using (plant.ConfigureAwait(false))
            {
                lock (output)
                {
                    output.WriteLine(FormattableString.Invariant($"{{\"event\":\"ready\",\"endpoint\":\"{plant.Server.EndpointUrl}\",\"mode\":\"{plant.Options.StepMode}\"}}"));
                    output.WriteLine($"READY {plant.Server.EndpointUrl}");
                    output.Flush();
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // SIGTERM or Ctrl+C
                }
            }

            lock (output)
            {
                output.WriteLine(FormattableString.Invariant($"{{\"event\":\"stopped\",\"steps\":{plant.Steps}}}"));
            }

            return 0;
        });
        return command;
    }

    internal static TimeSpan ParsePeriod(string text)
    {
        var value = text.Trim();
        double factor = value.EndsWith("ms", StringComparison.Ordinal) ? 1 : value.EndsWith('s') ? 1000 : 1;
        var number = value.EndsWith("ms", StringComparison.Ordinal) ? value[..^2] : value.EndsWith('s') ? value[..^1] : value;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount * factor < 1)
        {
            throw new VerbFailure($"--period: '{text}' is not a duration of at least 1ms (e.g. 100ms, 0.5s)");
        }

        return TimeSpan.FromMilliseconds(amount * factor);
    }
}
