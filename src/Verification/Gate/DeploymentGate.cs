using System.Globalization;
using System.Security.Cryptography;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Onnx;
using IndustrialSafeRL.Verification.Bounds;
using IndustrialSafeRL.Verification.History;
using IndustrialSafeRL.Verification.Inference;
using IndustrialSafeRL.Verification.Networks;
using IndustrialSafeRL.Verification.TrustRegion;
using Microsoft.ML.OnnxRuntime;

namespace IndustrialSafeRL.Verification.Gate;

/// <summary>
/// The deployment gate (DESIGN §5.7): before a policy package is activated it must (1) be intact — manifest valid,
/// ONNX file hash as recorded — and reproduce its test vectors through ONNX Runtime; (2) stay within the trust
/// region of the running policy on the most recent logged states; (3) have its outputs bounded by interval bound
/// propagation over the data-support box, with a concrete counterexample when they are not. The same gate runs in
/// <c>isrl verify</c> and in the controller host.
/// </summary>
public static class DeploymentGate
{
    /// <summary>Runs every check on the package directory; never throws for a bad package, only reports. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires (e.g. host shutdown).</summary>
    public static GateReport Run(string packageDirectory, DeploymentGateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        options ??= new DeploymentGateOptions();
        var optionErrors = options.Validate();
        if (optionErrors.Count > 0)
        {
            throw new ArgumentException($"gate options: {string.Join("; ", optionErrors)}", nameof(options));
        }

        var checks = new List<GateCheck>();
        var report = new GateReport { Package = packageDirectory, Against = options.AgainstPackage, Checks = checks };

        var watch = System.Diagnostics.Stopwatch.StartNew();
        GateCheck Timed(GateCheck check)
        {
            var timed = check with { ElapsedMilliseconds = watch.Elapsed.TotalMilliseconds };
            watch.Restart();
            return timed;
        }

        // 1. Integrity.
        var (manifest, onnx, integrity) = LoadPackage(packageDirectory);
        checks.Add(Timed(integrity));
        if (manifest is null || onnx is null)
        {
            checks.Add(new GateCheck("test-vectors", GateStatus.Skipped, "the package could not be loaded"));
            checks.Add(new GateCheck("trust-region", GateStatus.Skipped, "the package could not be loaded"));
            checks.Add(new GateCheck("output-bounds", GateStatus.Skipped, "the package could not be loaded"));
            return report;
        }

        report = report with { PolicyId = manifest.PolicyId };
        OrtPolicy? policy = null;
        try
        {
            try
            {
                policy = new OrtPolicy(onnx, manifest);
                checks.Add(Timed(TestVectors(policy, manifest, options.TestVectorTolerance)));
            }
            catch (OnnxRuntimeException e)
            {
                checks.Add(Timed(new GateCheck("test-vectors", GateStatus.Failed, $"ONNX Runtime refuses the model: {FirstLine(e.Message)}")));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var (trustCheck, measurement) = TrustRegionCheck(policy, manifest, options);
            cancellationToken.ThrowIfCancellationRequested();
            checks.Add(Timed(trustCheck));
            var (boundsCheck, bounds) = options.SkipBounds
                ? (new GateCheck("output-bounds", GateStatus.Skipped, "skipped on request"), null)
                : BoundsCheck(onnx, manifest, options, policy, cancellationToken);
            checks.Add(Timed(boundsCheck));
            return report with { TrustRegion = measurement, Bounds = bounds };
        }
        finally
        {
            policy?.Dispose();
        }
    }

    private static (PolicyManifest?, byte[]?, GateCheck) LoadPackage(string directory)
    {
        PolicyManifest manifest;
        try
        {
            manifest = PolicyManifest.Load(Path.Combine(directory, PolicyManifest.FileName));
        }
        catch (PolicyManifestException e)
        {
            return (null, null, new GateCheck("integrity", GateStatus.Failed, $"manifest: {OneLine(e.Message)}"));
        }

        var path = Path.Combine(directory, manifest.Onnx.File);
        byte[] onnx;
        try
        {
            onnx = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (manifest, null, new GateCheck("integrity", GateStatus.Failed, $"onnx.file: cannot read {path}: {e.Message}"));
        }

        if (manifest.CheckOnnxHash(onnx) is { } hashProblem)
        {
            return (manifest, onnx, new GateCheck("integrity", GateStatus.Failed, hashProblem));
        }

        return (manifest, onnx, new GateCheck("integrity", GateStatus.Passed, $"manifest valid, {manifest.Onnx.File} SHA-256 {manifest.Onnx.Sha256[..16].ToLowerInvariant()}… matches"));
    }

    private static GateCheck TestVectors(OrtPolicy policy, PolicyManifest manifest, double tolerance)
    {
        if (manifest.TestVectors.Count == 0)
        {
            return new GateCheck("test-vectors", GateStatus.Failed, "testVectors: the manifest has none; the network cannot be shown to be the exported one");
        }

        var worst = 0.0;
        var worstAt = (Vector: 0, Output: 0);
        for (var v = 0; v < manifest.TestVectors.Count; v++)
        {
            var vector = manifest.TestVectors[v];
            float[] output;
            try
            {
                output = policy.Run([.. vector.Input], 1, vector.Guide is null ? null : [.. vector.Guide]);
            }
            catch (Exception e) when (e is ArgumentException or OnnxRuntimeException or InvalidOperationException)
            {
                return new GateCheck("test-vectors", GateStatus.Failed, $"testVectors[{v}]: {FirstLine(e.Message)}");
            }

            if (output.Length != vector.Output.Count)
            {
                return new GateCheck("test-vectors", GateStatus.Failed, $"testVectors[{v}].output: {vector.Output.Count} values, the network gives {output.Length}");
            }

            for (var j = 0; j < output.Length; j++)
            {
                var error = Math.Abs((double)output[j] - vector.Output[j]);
                if (!(error <= worst))
                {
                    worst = double.IsNaN(error) ? double.PositiveInfinity : error;
                    worstAt = (v, j);
                }
            }
        }

        var text = $"{manifest.TestVectors.Count} vectors, max |error| {F(worst)} at testVectors[{worstAt.Vector}].output[{worstAt.Output}] (tolerance {F(tolerance)})";
        return new GateCheck("test-vectors", worst <= tolerance ? GateStatus.Passed : GateStatus.Failed, text);
    }

    private static (GateCheck, TrustRegionMeasurement?) TrustRegionCheck(OrtPolicy? policy, PolicyManifest manifest, DeploymentGateOptions options)
    {
        const string name = "trust-region";
        if (options.AgainstPackage is null)
        {
            return (new GateCheck(name, GateStatus.Skipped, "no running package given (--against)"), null);
        }

        if (options.StorePath is null)
        {
            return (new GateCheck(name, GateStatus.Failed, "a running package was given but no transition store (--store) to measure on"), null);
        }

        if (policy is null)
        {
            return (new GateCheck(name, GateStatus.Skipped, "the new package cannot be run"), null);
        }

        var sigma = options.Sigma ?? manifest.TrustRegion?.Sigma;
        var epsilon = options.Epsilon ?? manifest.TrustRegion?.Epsilon;
        if (sigma is null || epsilon is null)
        {
            return (new GateCheck(name, GateStatus.Failed, "trustRegion: the manifest records no sigma/epsilon and none was given (--sigma, --epsilon)"), null);
        }

        var (old, oldOnnx, oldIntegrity) = LoadPackage(options.AgainstPackage);
        if (old is null || oldOnnx is null || oldIntegrity.Status == GateStatus.Failed)
        {
            return (new GateCheck(name, GateStatus.Failed, $"running package {options.AgainstPackage}: {oldIntegrity.Summary}"), null);
        }

        if (manifest.GuideInput is not null || old.GuideInput is not null)
        {
            return (new GateCheck(name, GateStatus.Failed, "packages with a guide input cannot be compared on logged states (the guide's action is not logged)"), null);
        }

        try
        {
            using var oldPolicy = new OrtPolicy(oldOnnx, old);
            using var store = TransitionStore.Open(options.StorePath, readOnly: true);
            var length = Math.Max(manifest.Observation.HistoryLength, old.Observation.HistoryLength);
            var states = RecentStates.Read(store, options.RecentStates, length);
            if (states.Count == 0)
            {
                return (new GateCheck(name, GateStatus.Failed, $"{options.StorePath}: the store holds no transitions"), null);
            }

            var m = TrustRegionMeasurement.Measure(policy, manifest, oldPolicy, old, states, store.Layout.ObservationTags, sigma.Value);
            var recorded = manifest.TrustRegion is { } tr ? $", manifest records {F(tr.MaxDivergence)}" : string.Empty;
            if (manifest.TrustRegion?.PredecessorId is { } predecessor && predecessor != old.PolicyId)
            {
                recorded += $" against '{predecessor}'";
            }

            var where = m.WorstState is { } w ? $" at {w.RunId}/episode {w.Episode}/step {w.Step}" : string.Empty;
            var text = $"max D {F(m.MaxDivergence)}{where} over {m.States} recent states (σ {F(sigma.Value)}, ε {F(epsilon.Value)}{recorded}) against '{old.PolicyId}'";
            var passed = m.MaxDivergence <= epsilon.Value;
            if (options.EnvelopeSamples > 0 && !old.Observation.Tags.All(t => IndexOf(manifest.Observation.Tags, t) >= 0))
            {
                text += "; random support states not measured (the running package reads tags the new one does not)";
            }
            else if (options.EnvelopeSamples > 0)
            {
                var envelope = EnvelopeStates(manifest, options);
                var e = TrustRegionMeasurement.Measure(policy, manifest, oldPolicy, old, envelope, manifest.Observation.Tags, sigma.Value);
                text += $"; max D {F(e.MaxDivergence)} over {e.States} random states of the support box{(options.EnvelopeStrict ? string.Empty : " (informational)")}";
                passed &= !options.EnvelopeStrict || e.MaxDivergence <= epsilon.Value;
                m = m with { EnvelopeMaxDivergence = e.MaxDivergence, EnvelopeStates = e.States };
            }

            return (new GateCheck(name, passed ? GateStatus.Passed : GateStatus.Failed, text), m);
        }
        catch (Exception e) when (e is TransitionStoreException or ArgumentException or OnnxRuntimeException or InvalidOperationException)
        {
            return (new GateCheck(name, GateStatus.Failed, OneLine(e.Message)), null);
        }
    }

    private static (GateCheck, BoxVerificationResult?) BoundsCheck(byte[] onnx, PolicyManifest manifest, DeploymentGateOptions options, OrtPolicy? policy, CancellationToken cancellationToken)
    {
        const string name = "output-bounds";
        try
        {
            var network = new NetworkGraph(OnnxModelReader.Read(onnx));
            var disagreement = InterpreterDisagreement(network, manifest);
            if (disagreement is not null)
            {
                return (new GateCheck(name, GateStatus.Failed, disagreement), null);
            }

            if (options.LimitTags is { } limitTags && !limitTags.SequenceEqual(manifest.Action.Tags, StringComparer.Ordinal))
            {
                return (new GateCheck(name, GateStatus.Failed,
                    $"the limits are for actions [{string.Join(", ", limitTags)}], the package's action tags are [{string.Join(", ", manifest.Action.Tags)}]"), null);
            }

            var box = PackageInputBox.Create(manifest, network, options.Frames, options.UnsupportedTagStdMultiplier, options.TagRanges);
            var limits = new OutputLimits(manifest.Action.Tags, options.LimitLow ?? manifest.Action.Low, options.LimitHigh ?? manifest.Action.High);
            var result = BoxVerifier.Verify(network, box, limits, new BoxVerifierOptions
            {
                MaxBoxes = options.MaxBoxes,
                MaxDepth = options.MaxDepth,
                Tolerance = options.LimitTolerance,
                Seed = options.Seed,
                UnknownSamples = options.UnknownSamples,
            }, cancellationToken);
            var fractions = $"proved {P(result.ProvedFraction)}, refuted {P(result.RefutedFraction)}, unknown {P(result.UnknownFraction)} of the {options.Frames.ToString().ToLowerInvariant()}-frame support box ({result.BoxesEvaluated} boxes, depth {result.DepthReached}), violating volume ≤ {P(result.ViolationUpperBound)} at {P(result.Confidence)} confidence";
            if (result.Counterexample is { } ce)
            {
                var tag = limits.Names[ce.OutputIndex];
                var text = $"{fractions}; counterexample: {tag} = {F(ce.Output[ce.OutputIndex])}{Confirm(policy, network, manifest, ce)} outside [{F(limits.Low[ce.OutputIndex])}, {F(limits.High[ce.OutputIndex])}] at {Describe(box, ce.Point)}";
                return (new GateCheck(name, GateStatus.Failed, text), result);
            }

            var status = result.Proved ? GateStatus.Passed : options.RequireProof ? GateStatus.Failed : GateStatus.Inconclusive;
            return (new GateCheck(name, status, $"{fractions}; no violating point found"), result);
        }
        catch (Exception e) when (e is OnnxFormatException or NetworkGraphException or ArgumentException)
        {
            return (new GateCheck(name, GateStatus.Failed, OneLine(e.Message)), null);
        }
    }

    /// <summary>Random histories whose frames are drawn independently and uniformly from the verified box's tag
    /// ranges (support, mean ± k·std, or configured), in the new package's tag order.</summary>
    private static List<LoggedState> EnvelopeStates(PolicyManifest manifest, DeploymentGateOptions options)
    {
        var tags = manifest.Observation.Tags;
        var lo = new double[tags.Count];
        var hi = new double[tags.Count];
        for (var d = 0; d < tags.Count; d++)
        {
            var support = IndexOf(manifest.DataSupport.Tags, tags[d]);
            var std = manifest.Observation.Std[d] > 0 ? manifest.Observation.Std[d] : 1;
            (lo[d], hi[d]) = options.TagRanges.FirstOrDefault(r => r.Tag == tags[d]) is { } configured ? (configured.Low, configured.High)
                : support >= 0 ? (manifest.DataSupport.Low[support], manifest.DataSupport.High[support])
                : (manifest.Observation.Mean[d] - (options.UnsupportedTagStdMultiplier * std), manifest.Observation.Mean[d] + (options.UnsupportedTagStdMultiplier * std));
        }

        var random = new Random(options.Seed);
        var states = new List<LoggedState>(options.EnvelopeSamples);
        for (var s = 0; s < options.EnvelopeSamples; s++)
        {
            var frames = new double[manifest.Observation.HistoryLength][];
            for (var k = 0; k < frames.Length; k++)
            {
                frames[k] = [.. Enumerable.Range(0, tags.Count).Select(d => lo[d] + (random.NextDouble() * (hi[d] - lo[d])))];
            }

            states.Add(new LoggedState("envelope", 0, s, frames));
        }

        return states;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The interval interpreter must compute the test vectors like ONNX Runtime did, or its bounds are about some other function.</summary>
    private static string? InterpreterDisagreement(NetworkGraph network, PolicyManifest manifest)
    {
        for (var v = 0; v < manifest.TestVectors.Count; v++)
        {
            var vector = manifest.TestVectors[v];
            var inputs = new List<double[]>();
            foreach (var (inputName, _) in network.Inputs)
            {
                var values = inputName == manifest.Input.Name ? vector.Input : vector.Guide ?? [];
                inputs.Add([.. values.Select(x => (double)x)]);
            }

            double[] y;
            try
            {
                y = network.EvaluatePoint(inputs);
            }
            catch (ArgumentException e)
            {
                return $"testVectors[{v}]: the interval interpreter cannot take this vector: {e.Message}";
            }

            for (var j = 0; j < y.Length && j < vector.Output.Count; j++)
            {
                if (!(Math.Abs(y[j] - vector.Output[j]) <= 1e-4 * Math.Max(1, Math.Abs(vector.Output[j]))))
                {
                    return $"the interval interpreter computes {F(y[j])} for testVectors[{v}].output[{j}], the package records {F(vector.Output[j])}; its bounds would not describe this network";
                }
            }
        }

        return null;
    }

    /// <summary>The counterexample's output as ONNX Runtime computes it (the value the runtime would act on).</summary>
    private static string Confirm(OrtPolicy? policy, NetworkGraph network, PolicyManifest manifest, Counterexample ce)
    {
        if (policy is null)
        {
            return string.Empty;
        }

        float[]? window = null, guide = null;
        for (var i = 0; i < network.Inputs.Count; i++)
        {
            float[] values = [.. ce.Inputs[i].Select(v => (float)v)];
            if (network.Inputs[i].Name == manifest.Input.Name)
            {
                window = values;
            }
            else
            {
                guide = values;
            }
        }

        try
        {
            return window is null ? string.Empty : $" (ONNX Runtime: {F(policy.Run(window, 1, guide)[ce.OutputIndex])})";
        }
        catch (Exception e) when (e is ArgumentException or OnnxRuntimeException or InvalidOperationException)
        {
            return $" (ONNX Runtime cannot evaluate it: {FirstLine(e.Message)})";
        }
    }

    private static string Describe(InputBox box, IReadOnlyList<double> point)
    {
        // The coordinates furthest from the box centre say most about where the violation lives.
        var order = Enumerable.Range(0, point.Count)
            .OrderByDescending(d => Math.Abs(point[d] - ((box.Dimensions[d].Low + box.Dimensions[d].High) / 2)) / box.Dimensions[d].Scale)
            .Take(6);
        return string.Join(", ", order.Select(d => $"{box.Dimensions[d].Name}={F(point[d])}")) + (point.Count > 6 ? ", …" : string.Empty);
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string P(double fraction) => (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
