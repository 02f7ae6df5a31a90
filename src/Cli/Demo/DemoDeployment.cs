using System.Diagnostics;
using IndustrialSafeRL.Cli.Simulation;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Hosting;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Server;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.Cli.Demo;

/// <summary>
/// One policy's deployment: the IB served as an OPC UA server on a free loopback port (one simulator step per write),
/// and the controller host, built exactly as the service builds it, running the package in Auto behind the shield for
/// a fixed number of cycles and logging every cycle to the store.
/// </summary>
public static class DemoDeployment
{
    /// <summary>Cycle time of the demo's controller: the simulator steps on each write, so it need not be the 100 ms of a plant; the I/O timeout (2/5 of it, at least 10 ms) must stay below it.</summary>
    public static readonly TimeSpan CycleTime = TimeSpan.FromMilliseconds(20);

    /// <summary>What to deploy and where to log it.</summary>
    /// <param name="PlantController">The plant's own controller, which runs it for <paramref name="WarmUpSteps"/> steps before the handover.</param>
    public sealed record Request(string Package, string PolicyId, string RunId, string StorePath, string Folder, uint Seed, int Cycles,
        IIndustrialBenchmarkPolicy PlantController, int WarmUpSteps);

    /// <summary>Serves the simulator, runs the controller and summarises the rows it logged.</summary>
    public static async Task<DeploymentRecord> RunAsync(Request request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var logs = Path.Combine(request.Folder, "logs");
        Directory.CreateDirectory(logs);
        var server = new UaServer(new UaServerOptions { BindAddress = "127.0.0.1", Port = 0 });
        var simulator = new IndustrialBenchmarkPlant(request.Seed, 70);
        simulator.RunUnder(request.PlantController, request.WarmUpSteps);
        await using var plant = new PlantServer(server, simulator, new PlantServerOptions
        {
            StepMode = PlantStepMode.OnWrite,
            LifeBitPeriod = TimeSpan.FromMilliseconds(30),
        });
        await plant.StartAsync(cancellationToken).ConfigureAwait(false);

        var result = await ControllerRunner.RunAsync(new ControllerRunRequest
        {
            Endpoint = server.EndpointUrl,
            Packages = [request.Package],
            Store = request.StorePath,
            Cycles = request.Cycles,
            Mode = ControllerMode.Auto,
            RunId = request.RunId,
            CycleTime = CycleTime,
            AuditLog = Path.Combine(logs, "audit.jsonl"),
            Overrides = new Dictionary<string, string?>
            {
                ["Controller:Handshake:LifeBitFreezeCycles"] = "30",
                ["Serilog:MinimumLevel:Default"] = "Information",
                ["Serilog:WriteTo:0:Name"] = "File",
                ["Serilog:WriteTo:0:Args:path"] = Path.Combine(logs, "controller.log"),
            },
        }, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Cycles < request.Cycles)
        {
            throw new InvalidOperationException(
                $"the controller for {request.PolicyId} ran {result.Cycles} of {request.Cycles} cycles; see {Path.Combine(logs, "controller.log")}");
        }

        SqliteConnection.ClearAllPools();
        return Summarise(request, plant.Steps, clock.Elapsed);
    }

    private static DeploymentRecord Summarise(Request request, long simulatorSteps, TimeSpan elapsed)
    {
        using var store = TransitionStore.Open(request.StorePath, readOnly: true);
        var record = new DeploymentRecord { RunId = request.RunId, PolicyId = request.PolicyId, SimulatorSteps = simulatorSteps, Seconds = elapsed.TotalSeconds };
        var cost = 0.0;
        foreach (var row in store.Read(new TransitionQuery(RunId: request.RunId)))
        {
            record.Rows++;
            if (row.Flags.HasFlag(TransitionFlags.Shed))
            {
                record.ShedRows++;
            }

            if (row.Mode == "auto" && !row.Flags.HasFlag(TransitionFlags.Shed))
            {
                record.AutoRows++;
                cost -= row.Reward;
            }

            foreach (var intervention in row.Interventions)
            {
                record.Interventions[intervention.Unit] = record.Interventions.GetValueOrDefault(intervention.Unit) + 1;
            }
        }

        record.MeanCost = record.AutoRows == 0 ? double.NaN : cost / record.AutoRows;
        return record;
    }
}
