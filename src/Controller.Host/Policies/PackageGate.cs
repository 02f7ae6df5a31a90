using System.Globalization;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Verification.Gate;
using Microsoft.Extensions.Logging;

namespace IndustrialSafeRL.Controller.Host.Policies;

/// <summary>
/// The host's side of the deployment gate (DESIGN §5.7): before a package is staged for activation — at start and on
/// every hot swap — it runs <see cref="DeploymentGate"/> on each package directory against the active package, with
/// the host's own transition store as the recent logged states. Only a package that passes is loaded and staged; a
/// refused one is logged and audited with the failed checks, and the active policy (or, at start, none: the loop stays
/// shed and the PLC's own controller keeps control) is left as it is. The gate runs on its own thread, never on the
/// control loop; activations are serialised so each is checked against the policy it will replace.
/// </summary>
public sealed partial class PackageGate(
    PackageGateOptions options, string storePath, PolicyLoader loader, PolicySlot slot, AuditTrail audit, ILogger<PackageGate> logger)
{
    private readonly SemaphoreSlim one = new(1, 1);

    /// <summary>
    /// Gates <paramref name="packages"/> (first = champion), then loads and stages them; the control loop applies the
    /// change at its next cycle boundary. Never throws for a bad package: the result says why it was refused.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<PackageActivation> ActivateAsync(IReadOnlyList<string> packages, EnsembleRule rule, string who, string why,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        await one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var active = slot.Active;
            var activeName = PolicySlot.Name(active);
            var against = active?.Champion.Package.Directory;
            var verdicts = new List<PackageVerdict>();
            if (options.Enabled)
            {
                // A dedicated thread: interval bound propagation can take seconds and must not hold a pool thread the
                // control loop's timer continuation needs.
                verdicts = await Task.Factory.StartNew(
                    () => packages.Select(p => Judge(p, against, cancellationToken)).ToList(),
                    cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                foreach (var verdict in verdicts)
                {
                    Log(verdict, against, Outcome(active is null, activeName));
                }
            }
            else
            {
                LogGateDisabled(logger, string.Join(", ", packages));
            }

            var reasons = verdicts.SelectMany(v => v.Reasons.Select(r => $"{v.Report.Package}: {r}")).ToList();
            if (reasons.Count > 0)
            {
                return Refuse(packages, who, why, activeName, verdicts, reasons);
            }

            PolicyEnsemble ensemble;
            try
            {
                ensemble = await Task.Run(() => loader.Load(packages, rule), cancellationToken).ConfigureAwait(false);
            }
            catch (PolicyPackageException e)
            {
                LogLoadRefused(logger, e.Directory, e.Message, Outcome(active is null, activeName));
                return Refuse(packages, who, why, activeName, verdicts, [e.Message]);
            }

            slot.Stage(ensemble, who, why);
            return new PackageActivation(true, PolicySlot.Name(ensemble), verdicts, []);
        }
        finally
        {
            one.Release();
        }
    }

    /// <summary>Runs the gate on one package and applies the host's own requirement on the proved fraction.</summary>
    private PackageVerdict Judge(string package, string? against, CancellationToken cancellationToken)
    {
        GateReport report;
        try
        {
            report = DeploymentGate.Run(package, options.ToGateOptions(against, storePath), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The gate reports bad packages rather than throwing; anything else (e.g. the store locked) must still refuse.
            report = new GateReport
            {
                Package = package,
                Against = against,
                Checks = [new GateCheck("gate", GateStatus.Failed, $"the gate could not run: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}")],
            };
        }

        var reasons = report.Reasons.ToList();
        var failed = report.Checks.Where(c => c.Status == GateStatus.Failed).Select(c => c.Name).ToList();
        if (options.MinProvedFraction is { } least && report.Bounds is { } bounds && bounds.ProvedFraction < least
            && !failed.Contains("output-bounds"))
        {
            reasons.Add($"output-bounds: proved {Percent(bounds.ProvedFraction)} of the support box, {ControllerOptions.Section}:Gate:MinProvedFraction requires {Percent(least)}");
            failed.Add("output-bounds");
        }

        return new PackageVerdict(report, failed, reasons);
    }

    private PackageActivation Refuse(IReadOnlyList<string> packages, string who, string why, string activeName,
        List<PackageVerdict> verdicts, List<string> reasons)
    {
        audit.Record("policy-refused", who, activeName, string.Join("+", packages), $"{why}; refused by the deployment gate: {string.Join("; ", reasons)}");
        return new PackageActivation(false, activeName, verdicts, reasons);
    }

    private void Log(PackageVerdict verdict, string? against, string whenRefused)
    {
        var report = verdict.Report;
        var bounds = report.Bounds;
        var summary = string.Join("; ", report.Checks.Select(c => $"{c.Name} {c.Status.ToString().ToLowerInvariant()}: {c.Summary}"));
        if (verdict.Passed)
        {
            LogPassed(logger, report.Package, report.PolicyId, against ?? "(none)", bounds?.ProvedFraction, bounds?.RefutedFraction,
                bounds?.UnknownFraction, report.TrustRegion?.MaxDivergence, summary);
        }
        else
        {
            LogRefused(logger, report.Package, report.PolicyId, against ?? "(none)", string.Join(", ", verdict.FailedChecks),
                bounds?.ProvedFraction, bounds?.RefutedFraction, bounds?.UnknownFraction, report.TrustRegion?.MaxDivergence,
                whenRefused, string.Join("; ", verdict.Reasons), summary);
        }
    }

    private static string Outcome(bool noneActive, string activeName) => noneActive
        ? "no policy is active: control stays shed to the PLC's own controller"
        : $"'{activeName}' stays active";

    private static string Percent(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment gate passed {Package} ({PolicyId}) against {Against}: "
        + "proved {ProvedFraction}, refuted {RefutedFraction}, unknown {UnknownFraction} of the support box, max D {MaxDivergence}; {GateSummary}")]
    private static partial void LogPassed(ILogger logger, string package, string? policyId, string against, double? provedFraction,
        double? refutedFraction, double? unknownFraction, double? maxDivergence, string gateSummary);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment gate REFUSED {Package} ({PolicyId}) against {Against}: failed {FailedChecks}; "
        + "not activated, {Outcome}. Proved {ProvedFraction}, refuted {RefutedFraction}, unknown {UnknownFraction} of the support box, "
        + "max D {MaxDivergence}. Reasons: {Reasons}. {GateSummary}")]
    private static partial void LogRefused(ILogger logger, string package, string? policyId, string against, string failedChecks,
        double? provedFraction, double? refutedFraction, double? unknownFraction, double? maxDivergence, string outcome, string reasons,
        string gateSummary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment gate DISABLED (Controller:Gate:Enabled = false): {Packages} activated without verification")]
    private static partial void LogGateDisabled(ILogger logger, string packages);

    [LoggerMessage(Level = LogLevel.Error, Message = "Package {Package} refused by the host loader: {Reasons}; not activated, {Outcome}")]
    private static partial void LogLoadRefused(ILogger logger, string package, string reasons, string outcome);
}

/// <summary>The gate's verdict on one package: the report and the host's reasons to refuse it (empty: it passed).</summary>
/// <param name="Report">The deployment gate's report.</param>
/// <param name="FailedChecks">Names of the failed checks (integrity, test-vectors, trust-region, output-bounds; gate when it could not run).</param>
/// <param name="Reasons">One line per failed check.</param>
public sealed record PackageVerdict(GateReport Report, IReadOnlyList<string> FailedChecks, IReadOnlyList<string> Reasons)
{
    /// <summary>True when the package may be activated.</summary>
    public bool Passed => Reasons.Count == 0;
}

/// <summary>What an activation request came to.</summary>
/// <param name="Activated">True when the packages passed and were staged (applied at the next cycle boundary).</param>
/// <param name="Policy">The staged policy's name when activated, else the policy that stays active.</param>
/// <param name="Verdicts">The gate's verdict per package (empty when the gate is disabled).</param>
/// <param name="Reasons">Why the request was refused (empty when activated).</param>
public sealed record PackageActivation(bool Activated, string Policy, IReadOnlyList<PackageVerdict> Verdicts, IReadOnlyList<string> Reasons);
