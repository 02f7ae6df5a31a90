using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Verification.Gate;

namespace IndustrialSafeRL.Cli.Commands;

/// <summary><c>isrl verify</c>: the deployment gate on a policy package; exit code 0 only when every check passes.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var package = new Argument<DirectoryInfo>("package") { Description = "Policy package directory (policy.onnx + policy.json)." };
        var against = new Option<DirectoryInfo?>("--against") { Description = "The running package: measure the trust region against it." };
        var store = new Option<FileInfo?>("--store") { Description = "Transition store with the recent logged states (needed with --against)." };
        var recent = new Option<int>("--recent") { Description = "How many of the most recent logged states to measure on.", DefaultValueFactory = _ => 2000 };
        var sigma = new Option<double?>("--sigma") { Description = "σ of D(s) = ‖Δa‖²/(2σ²); default: the manifest's trustRegion.sigma." };
        var epsilon = new Option<double?>("--epsilon") { Description = "Bound on max D; default: the manifest's trustRegion.epsilon." };
        var envelope = new Option<int>("--envelope-samples") { Description = "Random states of the support box on which D is also measured (0: none).", DefaultValueFactory = _ => 1000 };
        var envelopeStrict = new Option<bool>("--envelope-strict") { Description = "Fail the trust region when max D on the random support states exceeds ε too." };
        var splits = new Option<int>("--splits") { Description = "Budget of sub-boxes for interval bound propagation.", DefaultValueFactory = _ => 4096 };
        var depth = new Option<int>("--depth") { Description = "Deepest bisection of the input box.", DefaultValueFactory = _ => 24 };
        var frames = new Option<FrameMode>("--frames") { Description = "History frames in the box: independent (sound for any history) or same (steady state only).", DefaultValueFactory = _ => FrameMode.Independent };
        var stdK = new Option<double>("--std-k") { Description = "Tags outside the data support range over mean ± k·std.", DefaultValueFactory = _ => 3 };
        var range = new Option<string[]>("--range") { Description = "Range of an observation tag in the verified box, tag=low:high (repeatable); replaces its support range.", AllowMultipleArgumentsPerToken = false };
        var low = new Option<string?>("--low") { Description = "Lower output limits, comma separated, one per action tag (default: action.low)." };
        var high = new Option<string?>("--high") { Description = "Upper output limits, comma separated, one per action tag (default: action.high)." };
        var shield = new Option<FileInfo?>("--shield") { Description = "Take the limits from a shield options file (JSON: ShieldOptions, or a settings file with a \"Shield\" section): each actuator's min/max." };
        var requireProof = new Option<bool>("--require-proof") { Description = "Fail when part of the box is neither proved nor refuted." };
        var skipBounds = new Option<bool>("--skip-bounds") { Description = "Skip interval bound propagation." };
        var json = new Option<bool>("--json") { Description = "Print the full report as JSON." };
        var command = new Command("verify", "Deployment gate: integrity, test vectors, trust region against the running policy, output bounds by interval propagation.")
        {
            package, against, store, recent, sigma, epsilon, envelope, envelopeStrict, splits, depth, frames, stdK, range, low, high, shield, requireProof, skipBounds, json,
        };
        command.SetAction(result =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            DeploymentGateOptions options;
            try
            {
                var lowLimits = ParseList(result.GetValue(low), "--low");
                var highLimits = ParseList(result.GetValue(high), "--high");
                IReadOnlyList<string>? limitTags = null;
                if (result.GetValue(shield) is { } shieldFile)
                {
                    if (lowLimits is not null || highLimits is not null)
                    {
                        throw new FormatException("--shield: give the limits either from a shield file or with --low/--high, not both");
                    }

                    (limitTags, lowLimits, highLimits) = ShieldLimits(shieldFile.FullName);
                }

                options = new DeploymentGateOptions
                {
                    AgainstPackage = result.GetValue(against)?.FullName,
                    StorePath = result.GetValue(store)?.FullName,
                    RecentStates = result.GetValue(recent),
                    Sigma = result.GetValue(sigma),
                    Epsilon = result.GetValue(epsilon),
                    EnvelopeSamples = result.GetValue(envelope),
                    EnvelopeStrict = result.GetValue(envelopeStrict),
                    MaxBoxes = result.GetValue(splits),
                    MaxDepth = result.GetValue(depth),
                    Frames = result.GetValue(frames),
                    UnsupportedTagStdMultiplier = result.GetValue(stdK),
                    TagRanges = [.. (result.GetValue(range) ?? []).Select(ParseRange)],
                    LimitLow = lowLimits,
                    LimitHigh = highLimits,
                    LimitTags = limitTags,
                    RequireProof = result.GetValue(requireProof),
                    SkipBounds = result.GetValue(skipBounds),
                };
            }
            catch (FormatException e)
            {
                stderr.WriteLine($"isrl verify: {e.Message}");
                return 2;
            }

            var errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    stderr.WriteLine($"isrl verify: {error}");
                }

                return 2;
            }

            var report = DeploymentGate.Run(result.GetValue(package)!.FullName, options);
            if (result.GetValue(json))
            {
                stdout.WriteLine(report.ToJson());
            }
            else
            {
                stdout.WriteLine($"{report.Verdict.ToUpperInvariant()}  {report.Package}{(report.PolicyId is null ? string.Empty : $" ({report.PolicyId})")}");
                foreach (var check in report.Checks)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {check.Status.ToString().ToLowerInvariant(),-12} {check.Name}: {check.Summary} ({check.ElapsedMilliseconds:F0} ms)"));
                }
            }

            foreach (var reason in report.Reasons)
            {
                stderr.WriteLine($"isrl verify: {reason}");
            }

            return report.Passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>The engineering limits of a shield options file, in actuator order.</summary>
    private static (IReadOnlyList<string> Tags, double[] Low, double[] High) ShieldLimits(string path)
    {
        ShieldOptions? options;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var section = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(ShieldOptions.SectionName, out var s) ? s : root;
            options = section.Deserialize<ShieldOptions>(new JsonSerializerOptions { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"--shield: {path}: {e.Message}", e);
        }

        if (options is null)
        {
            throw new FormatException($"--shield: {path}: no shield options");
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new FormatException($"--shield: {path}: {string.Join("; ", errors)}");
        }

        return ([.. options.Actuators.Select(a => a.Tag)], [.. options.Actuators.Select(a => a.Min)], [.. options.Actuators.Select(a => a.Max)]);
    }

    private static TagRange ParseRange(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (equals <= 0 || colon < equals
            || !double.TryParse(text[(equals + 1)..colon], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
            || !double.TryParse(text[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi))
        {
            throw new FormatException($"--range: '{text}' is not tag=low:high");
        }

        return new TagRange(text[..equals], lo, hi);
    }

    private static double[]? ParseList(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new FormatException($"{option}: '{parts[i]}' (item {i + 1}) is not a number");
            }
        }

        return values;
    }
}
