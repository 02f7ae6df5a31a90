using System.Globalization;
using System.Text;
using IndustrialSafeRL.OpcUa.Server;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Plant;

/// <summary>
/// Serves an <see cref="ISimulatedPlant"/> over OPC UA with the harness's address space (<c>Objects/IndustrialBenchmark/
/// Observations|Actions</c>, <c>ns=2;s=IB.Observation.*</c> and <c>IB.Action.*</c> Doubles, actions as AnalogItems with
/// their range) plus a PLC folder: <c>IB.Plc.life_bit</c> (Boolean, toggled by the PLC side), <c>IB.Plc.heartbeat</c>
/// (Int32 the controller increments) and <c>IB.Plc.permissive</c> (Boolean, read-only for clients). With
/// <see cref="PlantServerOptions.PublishGuide"/>, a Guide folder holds the plant's own controller's proposed action,
/// <c>IB.Guide.&lt;action&gt;</c> (read-only Doubles, updated after every step). Each step is reported to
/// <see cref="StepLogged"/> as one JSON line.
/// </summary>
public sealed class PlantServer : IAsyncDisposable
{
    private readonly ISimulatedPlant _plant;
    private readonly UaVariableNode[] _observations;
    private readonly UaVariableNode[] _actions;
    private readonly double[] _observationValues;
    private readonly double[] _actionValues;
    private readonly UaVariableNode[] _guides = [];
    private readonly double[] _guideValues = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _steps;
    private long _ownControllerSteps;
    private long _stepsSeen;
    private int _ownTicks;

    /// <summary>Builds the address space on <paramref name="server"/> (not started yet).</summary>
    public PlantServer(UaServer server, ISimulatedPlant plant, PlantServerOptions options)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        _plant = plant ?? throw new ArgumentNullException(nameof(plant));
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        var space = server.AddressSpace;
        var ns = space.RegisterNamespace(options.NamespaceUri);
        var p = options.NodeIdPrefix;
        var root = space.AddFolder(WellKnownNodes.ObjectsFolder, new NodeId(p, ns), new QualifiedName(ns, options.FolderName));
        var obsFolder = space.AddFolder(root.NodeId, new NodeId($"{p}.Observations", ns), new QualifiedName(ns, "Observations"));
        var actFolder = space.AddFolder(root.NodeId, new NodeId($"{p}.Actions", ns), new QualifiedName(ns, "Actions"));
        var plcFolder = space.AddFolder(root.NodeId, new NodeId($"{p}.Plc", ns), new QualifiedName(ns, "Plc"));
        _observationValues = new double[plant.ObservationNames.Count];
        _actionValues = new double[plant.ActionNames.Count];
        plant.ReadObservations(_observationValues);
        _observations = [.. plant.ObservationNames.Select((name, i) => space.AddVariable(obsFolder.NodeId, new NodeId($"{p}.Observation.{name}", ns),
            new QualifiedName(ns, name), new Variant(_observationValues[i])))];
        _actions = [.. plant.ActionNames.Select(name => space.AddVariable(actFolder.NodeId, new NodeId($"{p}.Action.{name}", ns),
            new QualifiedName(ns, name), new Variant(0.0), writable: true, range: plant.ActionRange))];
        LifeBit = space.AddVariable(plcFolder.NodeId, new NodeId($"{p}.Plc.life_bit", ns), new QualifiedName(ns, "life_bit"), new Variant(false));
        Heartbeat = space.AddVariable(plcFolder.NodeId, new NodeId($"{p}.Plc.heartbeat", ns), new QualifiedName(ns, "heartbeat"), new Variant(0), writable: true);
        Permissive = space.AddVariable(plcFolder.NodeId, new NodeId($"{p}.Plc.permissive", ns), new QualifiedName(ns, "permissive"), new Variant(options.Permissive));
        if (options.PublishGuide)
        {
            var own = plant as IPlantWithOwnController
                ?? throw new ArgumentException("PublishGuide needs a plant with its own controller (IPlantWithOwnController)", nameof(options));
            var guideFolder = space.AddFolder(root.NodeId, new NodeId($"{p}.Guide", ns), new QualifiedName(ns, "Guide"));
            _guideValues = new double[plant.ActionNames.Count];
            own.ProposeOwnAction(_guideValues);
            _guides = [.. plant.ActionNames.Select((name, i) => space.AddVariable(guideFolder.NodeId, new NodeId($"{p}.Guide.{name}", ns),
                new QualifiedName(ns, name), new Variant(_guideValues[i])))];
        }

        server.ValuesWritten = OnValuesWritten;
    }

    /// <summary>The OPC UA server.</summary>
    public UaServer Server { get; }

    /// <summary>Settings.</summary>
    public PlantServerOptions Options { get; }

    /// <summary>PLC life bit (toggles every <see cref="PlantServerOptions.LifeBitPeriod"/>).</summary>
    public UaVariableNode LifeBit { get; }

    /// <summary>Heartbeat the controller increments.</summary>
    public UaVariableNode Heartbeat { get; }

    /// <summary>Permissive (read-only for clients; <see cref="SetPermissive"/>).</summary>
    public UaVariableNode Permissive { get; }

    /// <summary>The guide tags (the plant's own controller's proposed action), empty without <see cref="PlantServerOptions.PublishGuide"/>.</summary>
    public IReadOnlyList<UaVariableNode> Guides => _guides;

    /// <summary>Steps taken so far with the actions clients wrote (write or period steps).</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Steps the plant's own controller took while no client wrote (see <see cref="PlantServerOptions.OwnControllerAfter"/>).</summary>
    public long OwnControllerSteps => Interlocked.Read(ref _ownControllerSteps);

    /// <summary>Receives one JSON line per step.</summary>
    public Action<string>? StepLogged { get; set; }

    /// <summary>Starts the server and the life-bit (and, periodic mode, step) timers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Server.StartAsync(cancellationToken).ConfigureAwait(false);
        _loops.Add(Task.Run(() => EveryAsync(Options.LifeBitPeriod, ToggleLifeBit), CancellationToken.None));
        if (Options.StepMode == PlantStepMode.Periodic)
        {
            _loops.Add(Task.Run(() => EveryAsync(Options.Period, () => StepNow("period")), CancellationToken.None));
        }

        if (Options.StepMode == PlantStepMode.OnWrite && Options.OwnControllerAfter is { } idle && _plant is IPlantWithOwnController)
        {
            _loops.Add(Task.Run(() => EveryAsync(idle, OwnControllerTick), CancellationToken.None));
        }
    }

    /// <summary>Sets the permissive (thread-safe).</summary>
    public void SetPermissive(bool value) => Server.AddressSpace.SetValue(Permissive.NodeId, new Variant(value));

    private void ToggleLifeBit()
    {
        lock (Server.AddressSpace.SyncRoot)
        {
            AddressSpace.SetValue(LifeBit, new Variant(!(bool)LifeBit.Value.Value.Value!), DateTime.UtcNow);
        }
    }

    private async Task EveryAsync(TimeSpan period, Action action)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                action();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void OnValuesWritten(WriteBatch batch)
    {
        if (Options.StepMode != PlantStepMode.OnWrite)
        {
            return;
        }

        for (var i = 0; i < batch.Variables.Count; i++)
        {
            if (Array.IndexOf(_actions, batch.Variables[i]) >= 0)
            {
                StepNow("write");
                return;
            }
        }
    }

    /// <summary>
    /// The PLC side of the simulator: while clients step the plant, nothing happens; once a whole period passed without
    /// a client step, the plant's own controller steps it, and after <see cref="PlantServerOptions.PermissiveRearmAfter"/>
    /// under its own control the permissive is withdrawn for one period and granted again.
    /// </summary>
    private void OwnControllerTick()
    {
        // Checked and stepped under the address-space lock, so a client write never interleaves with the decision.
        lock (Server.AddressSpace.SyncRoot)
        {
            var steps = Steps;
            if (steps != _stepsSeen)
            {
                _stepsSeen = steps;
                _ownTicks = 0;
                return;
            }

            StepNow("own-controller", ownController: true);
        }

        _ownTicks++;
        if (Options.PermissiveRearmAfter is { } rearm && Options.OwnControllerAfter is { } idle)
        {
            var ticks = Math.Max(1, (int)Math.Ceiling(rearm / idle));
            if (_ownTicks == ticks)
            {
                SetPermissive(false);
            }
            else if (_ownTicks == ticks + 1)
            {
                SetPermissive(true);
                _ownTicks = 0;
            }
        }
    }

    /// <summary>One step with the current action values; observations updated atomically under the address-space lock.</summary>
    private void StepNow(string reason, bool ownController = false)
    {
        string line;
        lock (Server.AddressSpace.SyncRoot)
        {
            if (ownController)
            {
                ((IPlantWithOwnController)_plant).StepUnderOwnController(_actionValues);
            }
            else
            {
                for (var i = 0; i < _actions.Length; i++)
                {
                    _actionValues[i] = _actions[i].Value.Value.TryGetDouble(out var a) ? a : 0;
                }

                _plant.Step(_actionValues);
            }

            _plant.ReadObservations(_observationValues);
            var now = DateTime.UtcNow;
            for (var i = 0; i < _observations.Length; i++)
            {
                AddressSpace.SetValue(_observations[i], new Variant(_observationValues[i]), now);
            }

            if (_guides.Length > 0)
            {
                // The PLC's own controller's proposal for the state just reached: the guide a tag-guided policy perturbs.
                ((IPlantWithOwnController)_plant).ProposeOwnAction(_guideValues);
                for (var i = 0; i < _guides.Length; i++)
                {
                    AddressSpace.SetValue(_guides[i], new Variant(_guideValues[i]), now);
                }
            }

            var step = ownController ? Interlocked.Increment(ref _ownControllerSteps) : Interlocked.Increment(ref _steps);
            line = StepLogged is null ? string.Empty : FormatStep(step, reason, now);
        }

        StepLogged?.Invoke(line);
    }

    private string FormatStep(long step, string reason, DateTime now)
    {
        var sb = new StringBuilder(256);
        sb.Append(CultureInfo.InvariantCulture, $"{{\"event\":\"step\",\"ts\":\"{now:O}\",\"step\":{step},\"reason\":\"{reason}\",\"actions\":{{");
        for (var i = 0; i < _actionValues.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}\"{_plant.ActionNames[i]}\":{_actionValues[i]:R}");
        }

        sb.Append("},\"observations\":{");
        for (var i = 0; i < _observationValues.Length; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}\"{_plant.ObservationNames[i]}\":{_observationValues[i]:R}");
        }

        return sb.Append("}}").ToString();
    }

    /// <summary>Stops the timers and the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
