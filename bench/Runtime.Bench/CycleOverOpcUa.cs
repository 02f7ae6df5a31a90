using System.Diagnostics;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Logging;
using IndustrialSafeRL.Controller.Host.Plant;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Controller.Host.Telemetry;
using IndustrialSafeRL.EndToEnd.Tests.Controller;
using IndustrialSafeRL.OpcUa.Plant;
using IndustrialSafeRL.OpcUa.Server;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;
using IndustrialSafeRL.Shield.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IndustrialSafeRL.Runtime.Bench;

/// <summary>
/// The full control cycle in Auto over real OPC UA on loopback: read observations, actuators and handshake (one Read),
/// infer (IB MLP), shield, write actuators and heartbeat (one Write; the served IB steps on it), queue the transition.
/// The plant server runs in this process. Cycles are paced by a <see cref="PeriodicTimer"/> at the given period.
/// </summary>
internal static class CycleOverOpcUa
{
    // The PLC's part of the handshake: after a shed, once the controller waits for it, withdraw and grant the permissive.
    private static void ActAsPlc(PlantServer server, ControlLoop loop)
    {
        if (loop.Shed == ShedReason.AwaitingPermissive)
        {
            var granted = server.Permissive.Value.Value.Value is true;
            server.SetPermissive(!granted);
        }
        else if (server.Permissive.Value.Value.Value is false)
        {
            server.SetPermissive(true);
        }
    }

    public static async Task RunAsync(int cycles, TimeSpan period)
    {
        var directory = Directory.CreateTempSubdirectory("isrl-cycle-").FullName;
        try
        {
            await using var server = new PlantServer(new UaServer(new UaServerOptions { Port = 0 }), new SimulatedIndustrialBenchmark(),
                new PlantServerOptions { StepMode = PlantStepMode.OnWrite, LifeBitPeriod = TimeSpan.FromMilliseconds(100) });
            await server.StartAsync();
            var options = new ControllerOptions
            {
                Endpoint = server.Server.EndpointUrl,
                CycleTime = period,
                Mode = "Auto",
                Packages = [TestPolicyPackages.WriteMlp(Path.Combine(directory, "p"), TestPolicyPackages.Mlp.Random(3))],
                StaleAfter = TimeSpan.FromHours(1),
            };
            options.Resilience.IoTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, period.Ticks / 2));
            options.Handshake.LifeBitFreezeCycles = Math.Max(10, (int)(1000 / period.TotalMilliseconds));
            IndustrialBenchmarkTags.ApplyDefaults(options);
            var time = TimeProvider.System;
            using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var shieldOptions = new ShieldOptions
            {
                Actuators = [.. options.Tags.Actuators.Select(a => new ActuatorLimits { Tag = a.Name, Min = -1, Max = 1, MaxMovePerCycle = 0.1, IsIncrement = true })],
                InterventionWindowCycles = 100,
                MaxInterventionsInWindow = 100,
            };
            using var slot = new PolicySlot();
            var loader = new PolicyLoader(ControllerOptionsValidator.TagMapping(options.Tags), new PolicySessionOptions(), ControlLoop.HistoryCapacity);
            slot.Stage(loader.Load(options.Packages, EnsembleRule.Champion), "bench", "bench");
            using var store = TransitionStore.OpenOrCreate(Path.Combine(directory, "t.sqlite"), StoreLayout.IndustrialBenchmark);
            await using var writer = new TransitionWriter(store, "bench", 4096, time, NullLogger<TransitionWriter>.Instance);
            using var audit = new AuditTrail(null, time, NullLogger<AuditTrail>.Instance);
            await using var link = new PlantLink(new OpcUaPlantConnection(options), options.Resilience, period, time, NullLogger<PlantLink>.Instance);
            var loop = new ControlLoop(options, link, new ActionShieldGate(shieldOptions, options, time), slot, writer, audit,
                new ControllerMetrics(meters.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), time, NullLogger<ControlLoop>.Instance);

            using var timer = new PeriodicTimer(period);
            // Warm up until Auto is in force and a few hundred cycles ran.
            while (loop.Cycles < 300 || loop.Mode != ControllerMode.Auto)
            {
                await timer.WaitForNextTickAsync();
                await loop.RunCycleAsync(CancellationToken.None);
                ActAsPlc(server, loop);
            }

            var stepsBefore = server.Steps;
            var samples = new long[cycles];
            var shedBefore = audit.Entries.Count(e => e.Kind == "shed");
            var gen2Before = GC.CollectionCount(2);
            GC.Collect();
            var heapBefore = GC.GetTotalMemory(true);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var k = 0; k < cycles; k++)
            {
                await timer.WaitForNextTickAsync();
                var t0 = Stopwatch.GetTimestamp();
                await loop.RunCycleAsync(CancellationToken.None);
                samples[k] = Stopwatch.GetTimestamp() - t0;
                ActAsPlc(server, loop);
            }

            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            await writer.FlushAsync(TimeSpan.FromSeconds(10));
            var heapAfter = GC.GetTotalMemory(true);
            Latency.Report($"control cycle over OPC UA ({period.TotalMilliseconds:F0} ms period)", samples, allocated);
            Console.WriteLine($"  per cycle, whole process (client + in-process server + store writer): {allocated / (double)cycles:F0} B allocated; " +
                $"heap after full GC {heapBefore / 1024} KiB -> {heapAfter / 1024} KiB; gen2 collections {GC.CollectionCount(2) - gen2Before}; " +
                $"sheds during the run {audit.Entries.Count(e => e.Kind == "shed") - shedBefore}; mode {loop.Mode}; rows stored {store.Count()}; server steps (= cycles that wrote) {server.Steps - stepsBefore}");
            foreach (var reason in audit.Entries.Where(e => e.Kind == "shed").GroupBy(e => e.Why))
            {
                Console.WriteLine($"  shed {reason.Key}: {reason.Count()}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
