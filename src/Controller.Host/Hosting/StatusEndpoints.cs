using System.Text.Json;
using System.Text.Json.Serialization;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Shield.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IndustrialSafeRL.Controller.Host.Hosting;

/// <summary>
/// The loopback HTTP surface: <c>GET /healthz</c> (200 while connected and not shed, else 503 with the reason),
/// <c>GET /status</c> (JSON), and the audited operator commands <c>POST /mode</c>, <c>POST /policy/activate</c> (through the
/// deployment gate: 202 once the packages passed and are staged, 422 with the reasons when refused),
/// <c>POST /policy/rollback</c>, <c>POST /limits</c> (operator limits) (JSON bodies with <c>who</c> and <c>why</c>). Started with the host when
/// <see cref="ControllerOptions.HealthUrl"/> is set.
/// </summary>
public sealed class StatusEndpoints(ControlLoop loop, PackageGate gate, IShieldGate shield, IOptions<ControllerOptions> options, ILoggerFactory loggers)
    : IHostedService, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private WebApplication? app;

    /// <summary>The bound address once started (e.g. with port 0 resolved).</summary>
    public string? Address { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.HealthUrl;
        if (string.IsNullOrEmpty(url))
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(url);
        app = builder.Build();
        app.MapGet("/healthz", () =>
        {
            var s = loop.Status;
            return s.Connected && !s.Shed
                ? Results.Text($"ok {s.Mode}")
                : Results.Text(s.Connected ? $"shed: {s.ShedReason}" : "plant link down", statusCode: 503);
        });
        app.MapGet("/status", () => Results.Json(loop.Status, Json));
        app.MapPost("/mode", async (HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync<ModeCommand>(Json).ConfigureAwait(false);
            if (body is null || !Enum.TryParse<ControllerMode>(body.Mode, true, out var mode) || int.TryParse(body.Mode, out _)
                || string.IsNullOrWhiteSpace(body.Who) || string.IsNullOrWhiteSpace(body.Why))
            {
                return Results.BadRequest("body: {\"mode\": \"Off|Shadow|Advisory|Auto\", \"who\": \"...\", \"why\": \"...\"}");
            }

            var refusal = loop.RequestMode(mode, body.Who, body.Why);
            return refusal is null ? Results.Accepted() : Results.Conflict(refusal);
        });
        app.MapPost("/policy/activate", async (HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync<ActivateCommand>(Json).ConfigureAwait(false);
            if (body is null || body.Packages is not { Count: > 0 } || string.IsNullOrWhiteSpace(body.Who) || string.IsNullOrWhiteSpace(body.Why)
                || !Enum.TryParse<EnsembleRule>(body.Ensemble ?? nameof(EnsembleRule.Champion), true, out var rule))
            {
                return Results.BadRequest("body: {\"packages\": [\"dir\", ...], \"ensemble\": \"Champion|Mean|Median\", \"who\": \"...\", \"why\": \"...\"}");
            }

            // The gate runs on its own thread while the loop goes on with the active policy; the answer waits for it.
            var outcome = await gate.ActivateAsync(body.Packages, rule, body.Who, body.Why, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return outcome.Activated
                ? Results.Accepted(value: outcome.Policy)
                : Results.UnprocessableEntity(string.Join("\n", outcome.Reasons));
        });
        app.MapPost("/policy/rollback", async (HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync<RollbackCommand>(Json).ConfigureAwait(false);
            if (body is null || string.IsNullOrWhiteSpace(body.Who) || string.IsNullOrWhiteSpace(body.Why))
            {
                return Results.BadRequest("body: {\"who\": \"...\", \"why\": \"...\"}");
            }

            loop.Policies.RequestRollback(body.Who, body.Why);
            return Results.Accepted();
        });
        app.MapPost("/limits", async (HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync<LimitsCommand>(Json).ConfigureAwait(false);
            if (body is null || body.Min is null || body.Max is null || string.IsNullOrWhiteSpace(body.Who) || string.IsNullOrWhiteSpace(body.Why))
            {
                return Results.BadRequest("body: {\"min\": [..], \"max\": [..], \"who\": \"...\", \"why\": \"...\"} (one value per actuator, in configured order)");
            }

            if (shield is not ActionShieldGate gate)
            {
                return Results.Conflict("this shield has no operator limits");
            }

            try
            {
                var before = gate.Shield.OperatorLimits;
                var entry = gate.Shield.SetOperatorLimits(new OperatorLimits(body.Min, body.Max), body.Who, body.Why);
                loop.Audit.Record("limits", body.Who, Describe(before), Describe(entry.New), body.Why);
                return Results.Accepted(value: entry.Version);
            }
            catch (ArgumentException e)
            {
                return Results.UnprocessableEntity(e.Message);
            }
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Address = app.Urls.FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Describe(OperatorLimits limits) =>
        string.Join(", ", limits.Min.Zip(limits.Max, (lo, hi) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{lo:G6}, {hi:G6}]")));

    private sealed record LimitsCommand(List<double>? Min, List<double>? Max, string? Who, string? Why);

    private sealed record ModeCommand(string? Mode, string? Who, string? Why);

    private sealed record ActivateCommand(List<string>? Packages, string? Ensemble, string? Who, string? Why);

    private sealed record RollbackCommand(string? Who, string? Why);
}
