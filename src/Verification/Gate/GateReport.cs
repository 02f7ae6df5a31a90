using System.Text.Json;
using System.Text.Json.Serialization;
using IndustrialSafeRL.Verification.Bounds;
using IndustrialSafeRL.Verification.TrustRegion;

namespace IndustrialSafeRL.Verification.Gate;

/// <summary>Outcome of one gate check.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GateStatus>))]
public enum GateStatus
{
    /// <summary>The check ran and holds.</summary>
    Passed,

    /// <summary>The check ran and does not hold; the package must not be activated.</summary>
    Failed,

    /// <summary>The check ran without a decision (e.g. part of the input box neither proved nor refuted).</summary>
    Inconclusive,

    /// <summary>The check did not run (its inputs were not given or an earlier check made it meaningless).</summary>
    Skipped,
}

/// <summary>One check of the gate with a one-line summary an operator can act on.</summary>
/// <param name="Name">Check name: integrity, test-vectors, trust-region, output-bounds.</param>
/// <param name="Status">Outcome.</param>
/// <param name="Summary">One line: what was measured and why it passed or failed.</param>
public sealed record GateCheck(string Name, GateStatus Status, string Summary)
{
    /// <summary>Wall-clock time the check took.</summary>
    public double ElapsedMilliseconds { get; init; }
}

/// <summary>
/// What the deployment gate found for one package: every check, the verdict, and the measurements behind them.
/// The controller host logs it and refuses to activate a package whose <see cref="Passed"/> is false.
/// </summary>
public sealed record GateReport
{
    /// <summary>The package directory verified.</summary>
    public required string Package { get; init; }

    /// <summary>The package's policy id, when its manifest could be read.</summary>
    public string? PolicyId { get; init; }

    /// <summary>The running package compared against, if any.</summary>
    public string? Against { get; init; }

    /// <summary>Every check in the order run.</summary>
    public required IReadOnlyList<GateCheck> Checks { get; init; }

    /// <summary>The trust-region measurement, when that check ran.</summary>
    public TrustRegionMeasurement? TrustRegion { get; init; }

    /// <summary>The interval-bound result, when that check ran.</summary>
    public BoxVerificationResult? Bounds { get; init; }

    /// <summary>True when no check failed.</summary>
    public bool Passed => Checks.All(c => c.Status != GateStatus.Failed);

    /// <summary><c>pass</c> or <c>fail</c>.</summary>
    public string Verdict => Passed ? "pass" : "fail";

    /// <summary>One line per failed check.</summary>
    public IReadOnlyList<string> Reasons => [.. Checks.Where(c => c.Status == GateStatus.Failed).Select(c => $"{c.Name}: {c.Summary}")];

    /// <summary>The report as indented JSON (for logs and <c>isrl verify --json</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
