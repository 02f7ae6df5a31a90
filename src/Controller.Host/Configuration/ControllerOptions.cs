using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Policy.Runtime.Ensembles;

namespace IndustrialSafeRL.Controller.Host.Configuration;

/// <summary>
/// The controller's configuration (section <c>Controller</c>). Every option states its default; <see cref="ControllerOptionsValidator"/>
/// checks them on start and stops start-up with one line naming the option at fault.
/// </summary>
public sealed class ControllerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Controller";

    /// <summary>OPC UA endpoint of the PLC or simulator, e.g. <c>opc.tcp://127.0.0.1:4840</c>. Required.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>OPC UA security policy. Default and, in this build, only value: <c>None</c>.</summary>
    public string Security { get; set; } = "None";

    /// <summary>Control cycle period. Default 100 ms; between 10 ms and 1 h.</summary>
    public TimeSpan CycleTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Mode at start: Off, Shadow, Advisory or Auto (Auto is entered only once its guards hold). Default Shadow.</summary>
    public string Mode { get; set; } = nameof(ControllerMode.Shadow);

    /// <summary>Policy package directories; the first is the champion, the others are challengers or ensemble members. At least one.</summary>
    public List<string> Packages { get; set; } = [];

    /// <summary>How several packages combine: Champion (others shadow), Mean or Median. Default Champion.</summary>
    public string Ensemble { get; set; } = nameof(EnsembleRule.Champion);

    /// <summary>Run id written with every transition; empty = <c>host-yyyyMMddTHHmmssZ</c> at start.</summary>
    public string RunId { get; set; } = string.Empty;

    /// <summary>Transition store (SQLite) path. Default <c>transitions.sqlite</c> in the working directory.</summary>
    public string Store { get; set; } = "transitions.sqlite";

    /// <summary>Audit trail (JSON lines, one per mode change, shed, resume and policy activation). Default <c>audit.jsonl</c>.</summary>
    public string AuditLog { get; set; } = "audit.jsonl";

    /// <summary>
    /// Reward of a step, computed from the next observation: the sum of weight × tag value. Empty with the default (IB)
    /// tags = the IB reward −(3·fatigue + consumption).
    /// </summary>
    public List<RewardComponent> Reward { get; set; } = [];

    /// <summary>The deployment gate run before every package activation (at start and on a hot swap).</summary>
    public PackageGateOptions Gate { get; set; } = new();

    /// <summary>Plant tags.</summary>
    public TagOptions Tags { get; set; } = new();

    /// <summary>The PLC handshake (permissive, life bit, heartbeat).</summary>
    public HandshakeOptions Handshake { get; set; } = new();

    /// <summary>Per-cycle I/O and reconnect resilience.</summary>
    public ResilienceOptions Resilience { get; set; } = new();

    /// <summary>Inputs older than this (source timestamp) or with a bad status are stale and shed. Default 5 s.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Shed when this many cycles' transitions are queued but not yet appended to the store. Default 2.</summary>
    public int MaxLogLagCycles { get; set; } = 2;

    /// <summary>Loopback URL of the /healthz and /status endpoints; empty disables them. Default <c>http://127.0.0.1:8087</c>.</summary>
    public string HealthUrl { get; set; } = "http://127.0.0.1:8087";
}

/// <summary>One reward component: an observation tag and its weight.</summary>
public sealed class RewardComponent
{
    /// <summary>Observation tag name.</summary>
    public string Tag { get; set; } = string.Empty;

    /// <summary>Weight (negative for a cost). Default -1.</summary>
    public double Weight { get; set; } = -1;
}
