using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Controller.Host.Plant;

namespace IndustrialSafeRL.Controller.Host.Hosting;

/// <summary>What the service entry point and the <c>isrl controller run</c> verb pass to <see cref="ControllerHost.Build"/>.</summary>
public sealed class ControllerHostSettings
{
    /// <summary>Command-line arguments (configuration keys such as <c>--Controller:Mode=Shadow</c>).</summary>
    public string[] Args { get; init; } = [];

    /// <summary>An extra JSON configuration file (after appsettings.json, before <see cref="Overrides"/>).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Configuration values that win over every file, e.g. <c>Controller:Endpoint</c>.</summary>
    public IDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Creates the plant connection from the validated options; default: the OPC UA client (<see cref="OpcUaPlantConnection"/>).</summary>
    public Func<IServiceProvider, ControllerOptions, IPlantConnection>? Plant { get; init; }

    /// <summary>Creates the shield; default: the project's ordered shield from the <c>Shield</c> section (<see cref="ActionShieldGate"/>).</summary>
    public Func<IServiceProvider, ControllerOptions, IShieldGate>? Shield { get; init; }

    /// <summary>Extra service registrations applied last (e.g. a systemd notifier in tests).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The clock; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Stop after this many cycles (foreground trials); null = run until stopped.</summary>
    public long? Cycles { get; init; }

    /// <summary>
    /// Running as the installed service: integrates with systemd (<c>Type=notify</c>, watchdog) or the Windows
    /// service manager, and refuses to start without the PLC handshake.
    /// </summary>
    public bool AsService { get; init; }
}
