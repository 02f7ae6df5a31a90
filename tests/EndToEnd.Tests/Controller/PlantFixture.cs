using System.Collections.Concurrent;
using System.Text.Json;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Server;

namespace IndustrialSafeRL.EndToEnd.Tests.Controller;

/// <summary>The IB served over real OPC UA on loopback by the project's plant server; records every step's actions.</summary>
internal sealed class PlantFixture : IAsyncDisposable
{
    private PlantFixture(ISimulatedPlant? plant) => this.plant = plant;

    public PlantServer Server { get; private set; } = null!;

    public string Endpoint => Server.Server.EndpointUrl;

    public ConcurrentQueue<double[]> StepActions { get; } = new();

    private readonly CancellationTokenSource stop = new();
    private readonly ISimulatedPlant? plant;
    private Task? plc;

    /// <summary>Serves a fresh IB, or <paramref name="plant"/>; a plant with its own controller also gets its guide tags published.</summary>
    public static async Task<PlantFixture> StartAsync(PlantStepMode mode = PlantStepMode.Periodic, int port = 0, bool permissive = true,
        ISimulatedPlant? plant = null)
    {
        var fixture = new PlantFixture(plant);
        fixture.Server = fixture.Create(mode, port, permissive);
        await fixture.StartServerAsync();
        return fixture;
    }

    /// <summary>Kills the server (every session drops) and starts a fresh one on the same port.</summary>
    public async Task RestartAsync(TimeSpan down, bool permissive)
    {
        var port = Server.Server.Port;
        var mode = Server.Options.StepMode;
        await Server.DisposeAsync();
        await Task.Delay(down);
        Server = Create(mode, port, permissive);
        await StartServerAsync();
    }

    /// <summary>
    /// Plays the PLC's side of the handshake: whenever the controller waits after a shed, withdraw the permissive and
    /// grant it again (a PLC would do this on the operator's reset). For tests about something else than the shed.
    /// </summary>
    public void GrantPermissiveAfterSheds(IndustrialSafeRL.Controller.Host.Control.ControlLoop loop)
    {
        plc = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (loop.Shed == IndustrialSafeRL.Controller.Host.Control.ShedReason.AwaitingPermissive)
                {
                    Server.SetPermissive(false);
                    await Task.Delay(250);
                    Server.SetPermissive(true);
                }

                await Task.Delay(50);
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (plc is not null)
        {
            await plc;
        }

        await Server.DisposeAsync();
        stop.Dispose();
    }

    private PlantServer Create(PlantStepMode mode, int port, bool permissive) =>
        new(new UaServer(new UaServerOptions { Port = port }), plant ?? new SimulatedIndustrialBenchmark(),
            new PlantServerOptions
            {
                StepMode = mode,
                Period = TimeSpan.FromMilliseconds(50),
                LifeBitPeriod = TimeSpan.FromMilliseconds(100),
                Permissive = permissive,
                PublishGuide = plant is IPlantWithOwnController,
            });

    private async Task StartServerAsync()
    {
        Server.StepLogged = line =>
        {
            using var doc = JsonDocument.Parse(line);
            var actions = doc.RootElement.GetProperty("actions");
            StepActions.Enqueue([actions.GetProperty("delta_velocity").GetDouble(), actions.GetProperty("delta_gain").GetDouble(), actions.GetProperty("delta_shift").GetDouble()]);
        };
        await Server.StartAsync();
    }
}
