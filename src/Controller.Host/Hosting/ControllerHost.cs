using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Logging;
using IndustrialSafeRL.Controller.Host.Plant;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Controller.Host.Telemetry;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Shield.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Serilog;

namespace IndustrialSafeRL.Controller.Host.Hosting;

/// <summary>
/// The one place the controller host is put together, used by the service's Program.cs and by
/// <c>isrl controller run</c>: configuration (appsettings.json, environment, command line, an optional file, overrides),
/// validated options, Serilog from configuration, OpenTelemetry metrics, the control loop and its worker, the status
/// endpoints, and systemd / Windows service integration.
/// </summary>
public static class ControllerHost
{
    /// <summary>Builds the host. Bad configuration surfaces when it starts (see <see cref="RunAsync"/>).</summary>
    public static IHost Build(ControllerHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The service reads appsettings*.json next to its executable whatever its working directory (systemd runs it in
        // /var/lib/isrl); a foreground trial reads them from the current directory.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings.Args,
            ContentRootPath = settings.AsService ? AppContext.BaseDirectory : null,
        });
        if (settings.ConfigFile is { } file)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddInMemoryCollection(settings.Overrides);
        if (settings.AsService)
        {
            builder.Services.AddSystemd();
            builder.Services.AddWindowsService(o => o.ServiceName = "isrl-controller");
        }

        var time = settings.Time ?? TimeProvider.System;
        var configuration = builder.Configuration;
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(configuration).ReadFrom.Services(services).Enrich.FromLogContext();
            if (!configuration.GetSection("Serilog").Exists())
            {
                logger.MinimumLevel.Information().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ControllerMetrics.MeterName));

        builder.Services.AddOptions<ControllerOptions>()
            .BindConfiguration(ControllerOptions.Section)
            .PostConfigure(IndustrialBenchmarkTags.ApplyDefaults)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>();
        builder.Services.AddOptions<ShieldOptions>()
            .BindConfiguration(ShieldOptions.SectionName)
            .PostConfigure<IOptions<ControllerOptions>>((shield, controller) => ActionShieldGate.OptionsFor(shield, controller.Value))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ShieldOptions>, ShieldOptionsCheck>();
        if (settings.AsService)
        {
            builder.Services.AddSingleton<IValidateOptions<ControllerOptions>>(new ServiceHandshakeValidator());
        }

        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new CycleBudget(settings.Cycles));
        builder.Services.AddSingleton<ControllerMetrics>();
        builder.Services.AddSingleton(sp => new AuditTrail(Options(sp).AuditLog, time, sp.GetRequiredService<ILogger<AuditTrail>>()));
        builder.Services.AddSingleton(sp =>
        {
            var o = Options(sp);
            return TransitionStore.OpenOrCreate(o.Store, StoreLayoutOf(o), StoreDurability.Full);
        });
        builder.Services.AddSingleton(sp => new TransitionWriter(
            sp.GetRequiredService<TransitionStore>(), RunId(Options(sp), time), 4096, time, sp.GetRequiredService<ILogger<TransitionWriter>>()));
        builder.Services.AddSingleton(sp => new PolicyLoader(
            ControllerOptionsValidator.TagMapping(Options(sp).Tags), new PolicySessionOptions(), ControlLoop.HistoryCapacity));
        // The slot starts empty: the worker stages the configured packages once the deployment gate has passed them.
        builder.Services.AddSingleton<PolicySlot>();
        builder.Services.AddSingleton(sp => new PackageGate(
            Options(sp).Gate, Options(sp).Store, sp.GetRequiredService<PolicyLoader>(), sp.GetRequiredService<PolicySlot>(),
            sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<ILogger<PackageGate>>()));
        builder.Services.AddSingleton(sp => new PlantLink(
            settings.Plant is { } plant ? plant(sp, Options(sp)) : new OpcUaPlantConnection(Options(sp)), Options(sp).Resilience, Options(sp).CycleTime, time, sp.GetRequiredService<ILogger<PlantLink>>()));
        builder.Services.AddSingleton<IShieldGate>(sp =>
            settings.Shield is { } shield ? shield(sp, Options(sp)) : new ActionShieldGate(sp.GetRequiredService<IOptions<ShieldOptions>>().Value, Options(sp), time));
        builder.Services.AddSingleton(sp => new ControlLoop(
            Options(sp), sp.GetRequiredService<PlantLink>(), sp.GetRequiredService<IShieldGate>(), sp.GetRequiredService<PolicySlot>(),
            sp.GetRequiredService<TransitionWriter>(), sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<ControllerMetrics>(),
            time, sp.GetRequiredService<ILogger<ControlLoop>>()));
        builder.Services.AddSingleton<ControllerWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControllerWorker>());
        builder.Services.AddSingleton<StatusEndpoints>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusEndpoints>());
        settings.ConfigureServices?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Builds, starts and runs the host until it stops (a signal, the service manager, or the cycle budget). Bad
    /// configuration (including a package directory that cannot be loaded) ends start-up with one line on standard
    /// error and exit code 2; a package the deployment gate refuses leaves the host running, shed, without a policy.
    /// </summary>
    public static async Task<int> RunAsync(ControllerHostSettings settings, CancellationToken cancellationToken = default)
    {
        IHost host;
        try
        {
            host = Build(settings);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or FormatException)
        {
            return StartupError($"configuration: {e.Message}");
        }

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            return StartupError($"configuration: {string.Join("; ", e.Failures)}");
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OptionsValidationException))
        {
            return StartupError($"configuration: {string.Join("; ", e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(x => x.Failures))}");
        }
        catch (PolicyPackageException e)
        {
            return StartupError(e.Message);
        }
        catch (TransitionStoreException e)
        {
            return StartupError($"transition store: {e.Message}");
        }
        finally
        {
            await DisposeAsync(host).ConfigureAwait(false);
        }
    }

    /// <summary>The store layout the configured tags and reward describe.</summary>
    public static StoreLayout StoreLayoutOf(ControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StoreLayout(
            [.. options.Tags.Observations.Select(t => t.Name)],
            [.. options.Tags.Actuators.Select(t => t.Name)],
            [.. options.Reward.Select(r => r.Tag)]);
    }

    private static async Task DisposeAsync(IHost host)
    {
        // The container disposes in reverse creation order: the transition writer drains into the store before the
        // store closes, and the plant link closes last.
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    private static int StartupError(string message)
    {
        Console.Error.WriteLine($"isrl-controller: {message.ReplaceLineEndings(" ")}");
        return 2;
    }

    private static ControllerOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<ControllerOptions>>().Value;

    private static string RunId(ControllerOptions options, TimeProvider time) =>
        string.IsNullOrWhiteSpace(options.RunId) ? $"host-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}" : options.RunId;

    private sealed class ShieldOptionsCheck(IOptions<ControllerOptions> controller) : IValidateOptions<ShieldOptions>
    {
        public ValidateOptionsResult Validate(string? name, ShieldOptions options)
        {
            var errors = options.Validate().ToList();
            var expected = controller.Value.Tags.Actuators.Select(a => a.Name).ToList();
            var actual = options.Actuators.Select(a => a.Tag).ToList();
            if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
            {
                errors.Add($"{ShieldOptions.SectionName}:Actuators: tags [{string.Join(", ", actual)}] must be Controller:Tags:Actuators [{string.Join(", ", expected)}] in the same order");
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class ServiceHandshakeValidator : IValidateOptions<ControllerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ControllerOptions options) =>
            options.Handshake.Required
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{ControllerOptions.Section}:Handshake:Required: the installed service always requires the PLC handshake (permissive, life bit, heartbeat)");
    }
}
