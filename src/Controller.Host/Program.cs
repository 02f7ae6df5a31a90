using IndustrialSafeRL.Controller.Host.Hosting;
using Serilog;

// The installed controller service (systemd Type=notify, or a Windows service). Configuration: appsettings.json,
// appsettings.{Environment}.json, environment variables and the command line; see docs/operations.md.
Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateBootstrapLogger();
try
{
    return await ControllerHost.RunAsync(new ControllerHostSettings { Args = args, AsService = true }).ConfigureAwait(false);
}
catch (Exception e)
{
    Log.Fatal(e, "isrl-controller terminated unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync().ConfigureAwait(false);
}
