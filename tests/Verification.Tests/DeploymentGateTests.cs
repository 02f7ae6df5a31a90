using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Verification.Gate;
using IndustrialSafeRL.Verification.History;
using IndustrialSafeRL.Verification.TrustRegion;
using Microsoft.ML.OnnxRuntime;

namespace IndustrialSafeRL.Verification.Tests;

public sealed class DeploymentGateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-gate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Package(string name, double biasShift = 0, string frameOrder = "newest-first")
    {
        var path = Path.Combine(_dir, name);
        TestPackages.Write(path, biasShift, frameOrder);
        return path;
    }

    private static GateCheck Check(GateReport report, string name) => report.Checks.Single(c => c.Name == name);

    [Fact]
    public void An_intact_package_passes_and_its_tanh_scaled_outputs_are_proved_within_the_action_bounds()
    {
        var report = DeploymentGate.Run(Package("p"));
        Assert.True(report.Passed, string.Join("; ", report.Reasons));
        Assert.Equal(GateStatus.Passed, Check(report, "integrity").Status);
        Assert.Equal(GateStatus.Passed, Check(report, "test-vectors").Status);
        Assert.Equal(GateStatus.Skipped, Check(report, "trust-region").Status);
        Assert.Equal(GateStatus.Passed, Check(report, "output-bounds").Status);
        Assert.Equal(1.0, report.Bounds!.ProvedFraction);
        Assert.Contains("\"verdict\": \"pass\"", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_onnx_file_fails_integrity_naming_the_hash()
    {
        var package = Package("p");
        var file = Path.Combine(package, "policy.onnx");
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        var report = DeploymentGate.Run(package);
        Assert.False(report.Passed);
        var integrity = Check(report, "integrity");
        Assert.Equal(GateStatus.Failed, integrity.Status);
        Assert.Contains("onnx.sha256", integrity.Summary, StringComparison.Ordinal);
        Assert.StartsWith("integrity: onnx.sha256", report.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_manifest_fails_naming_the_field()
    {
        var package = Package("p");
        var path = Path.Combine(package, PolicyManifest.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"historyLength\": 4", "\"historyLength\": 0", StringComparison.Ordinal));
        var report = DeploymentGate.Run(package);
        Assert.False(report.Passed);
        Assert.Contains("observation.historyLength", Check(report, "integrity").Summary, StringComparison.Ordinal);
        Assert.All(report.Checks.Skip(1), c => Assert.Equal(GateStatus.Skipped, c.Status));
    }

    [Fact]
    public void A_test_vector_the_network_does_not_reproduce_fails()
    {
        var package = Package("p");
        var path = Path.Combine(package, PolicyManifest.FileName);
        var manifest = PolicyManifest.Load(path);
        var vectors = manifest.TestVectors.ToList();
        vectors[2] = vectors[2] with { Output = [.. vectors[2].Output.Select((v, j) => j == 1 ? v + 1e-4f : v)] };
        (manifest with { TestVectors = vectors }).Save(path);
        var report = DeploymentGate.Run(package, new DeploymentGateOptions { SkipBounds = true });
        var check = Check(report, "test-vectors");
        Assert.Equal(GateStatus.Failed, check.Status);
        Assert.Contains("testVectors[2].output[1]", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_package_measured_against_itself_has_zero_divergence_and_passes()
    {
        var package = Package("p");
        var store = TestPackages.Store(Path.Combine(_dir, "recent.sqlite"));
        var report = DeploymentGate.Run(package, new DeploymentGateOptions { AgainstPackage = package, StorePath = store, RecentStates = 50 });
        Assert.True(report.Passed, string.Join("; ", report.Reasons));
        Assert.Equal(GateStatus.Passed, Check(report, "trust-region").Status);
        Assert.Equal(0.0, report.TrustRegion!.MaxDivergence);
        Assert.Equal(50, report.TrustRegion.States);
    }

    [Fact]
    public void An_injected_deviation_fails_the_trust_region_with_the_measured_divergence()
    {
        var running = Package("running");
        var candidate = Package("candidate", biasShift: 0.5);
        var store = TestPackages.Store(Path.Combine(_dir, "recent.sqlite"));
        var report = DeploymentGate.Run(candidate, new DeploymentGateOptions { AgainstPackage = running, StorePath = store, SkipBounds = true });
        Assert.False(report.Passed);
        var check = Check(report, "trust-region");
        Assert.Equal(GateStatus.Failed, check.Status);
        Assert.True(report.TrustRegion!.MaxDivergence > 0.05, $"max D {report.TrustRegion.MaxDivergence}");
        Assert.Contains("max D", check.Summary, StringComparison.Ordinal);

        // The reported maximum is D at the reported state, recomputed from ONNX Runtime outputs, on actions
        // normalised by the package's action range.
        var action = IndustrialSafeRL.Contracts.Policies.PolicyManifest.Load(Path.Combine(candidate, IndustrialSafeRL.Contracts.Policies.PolicyManifest.FileName)).Action;
        var delta = report.TrustRegion.NewAction.Zip(report.TrustRegion.OldAction, (a, b) => (double)a - b)
            .Select((x, j) => x / ((action.High[j] - action.Low[j]) / 2)).Sum(x => x * x);
        Assert.Equal(delta / (2 * 0.1 * 0.1), report.TrustRegion.MaxDivergence, 9);

        // A loose enough ε (given on the command line) accepts the same change.
        var loose = DeploymentGate.Run(candidate, new DeploymentGateOptions { AgainstPackage = running, StorePath = store, SkipBounds = true, Epsilon = 1e6 });
        Assert.Equal(GateStatus.Passed, Check(loose, "trust-region").Status);
    }

    [Fact]
    public void A_deviation_confined_to_a_few_logged_states_is_found_there()
    {
        var store = TestPackages.Store(Path.Combine(_dir, "recent.sqlite"));
        List<double> a;
        using (var s = TransitionStore.Open(store, readOnly: true))
        {
            a = [.. s.Read().Select(r => r.Observation[3])];
        }

        // θ just below the second-largest 'a' in the store: the new policy deviates on two of 120 logged states.
        var sorted = a.OrderDescending().ToList();
        var theta = sorted[1] - 1e-3;
        var running = Package("running");
        var candidate = Path.Combine(_dir, "candidate");
        TestPackages.Write(candidate, bumpAbove: theta);
        var report = DeploymentGate.Run(candidate, new DeploymentGateOptions { AgainstPackage = running, StorePath = store, SkipBounds = true });
        Assert.Equal(GateStatus.Failed, Check(report, "trust-region").Status);
        var worst = report.TrustRegion!.WorstState!;
        Assert.True(worst.Frames[^1][3] > theta, $"worst state has a = {worst.Frames[^1][3]}, θ = {theta}");

        // Above every logged value of 'a' the bump never fires on the logged states: D = 0 there. The support box
        // of 'a' reaches 5, so random support states do find it; informational unless asked to be strict.
        var unseen = Path.Combine(_dir, "unseen");
        TestPackages.Write(unseen, bumpAbove: sorted[0] + 1);
        Assert.True(sorted[0] + 1 < 5);
        var quiet = DeploymentGate.Run(unseen, new DeploymentGateOptions { AgainstPackage = running, StorePath = store, SkipBounds = true });
        Assert.Equal(0.0, quiet.TrustRegion!.MaxDivergence);
        Assert.Equal(GateStatus.Passed, Check(quiet, "trust-region").Status);
        Assert.True(quiet.TrustRegion.EnvelopeMaxDivergence > 0.05, $"envelope max D {quiet.TrustRegion.EnvelopeMaxDivergence}");
        Assert.Contains("random states of the support box (informational)", Check(quiet, "trust-region").Summary, StringComparison.Ordinal);
        var strict = DeploymentGate.Run(unseen, new DeploymentGateOptions { AgainstPackage = running, StorePath = store, SkipBounds = true, EnvelopeStrict = true });
        Assert.Equal(GateStatus.Failed, Check(strict, "trust-region").Status);
    }

    [Fact]
    public void A_cancelled_gate_stops_with_operation_cancelled()
    {
        var package = Package("p");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DeploymentGate.Run(package, new DeploymentGateOptions(), cancel.Token));
    }

    [Fact]
    public void A_running_package_without_a_store_fails_the_trust_region()
    {
        var package = Package("p");
        var report = DeploymentGate.Run(package, new DeploymentGateOptions { AgainstPackage = package, SkipBounds = true });
        Assert.Equal(GateStatus.Failed, Check(report, "trust-region").Status);
    }

    [Fact]
    public void Tight_limits_are_refuted_with_a_counterexample_onnx_runtime_confirms()
    {
        var package = Package("p");
        var report = DeploymentGate.Run(package, new DeploymentGateOptions { LimitLow = [-0.2, -3], LimitHigh = [0.2, 2], MaxBoxes = 200 });
        Assert.False(report.Passed);
        var check = Check(report, "output-bounds");
        Assert.Equal(GateStatus.Failed, check.Status);
        Assert.Contains("counterexample: u =", check.Summary, StringComparison.Ordinal);
        Assert.Contains("(ONNX Runtime: ", check.Summary, StringComparison.Ordinal);
        var ce = report.Bounds!.Counterexample!;
        Assert.Equal(0, ce.OutputIndex);

        using var session = new InferenceSession(File.ReadAllBytes(Path.Combine(package, "policy.onnx")));
        float[] input = [.. ce.Inputs[0].Select(v => (float)v)];
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, TestPackages.History, TestPackages.Tags.Length]);
        using var outputs = session.Run(new RunOptions(), ["observation"], [value], ["action"]);
        var u = outputs[0].GetTensorDataAsSpan<float>()[0];
        Assert.True(Math.Abs(u) > 0.2, $"ONNX Runtime gives u = {u} at the counterexample");
    }

    [Fact]
    public void Limits_neither_proved_nor_refuted_are_inconclusive_and_fail_only_when_proof_is_required()
    {
        // Without splitting, limits just inside the root interval of u are neither proved (the interval crosses
        // them) nor refuted (IBP over-approximates, so no sampled point comes near them).
        var package = Package("p");
        var root = DeploymentGate.Run(package, new DeploymentGateOptions { MaxBoxes = 1 }).Bounds!;
        var margin = (root.RootHigh[0] - root.RootLow[0]) * 1e-3;
        double[] low = [root.RootLow[0] + margin, -3];
        double[] high = [root.RootHigh[0] - margin, 2];
        var report = DeploymentGate.Run(package, new DeploymentGateOptions { LimitLow = low, LimitHigh = high, MaxBoxes = 1 });
        Assert.Equal(GateStatus.Inconclusive, Check(report, "output-bounds").Status);
        Assert.True(report.Passed);
        Assert.Equal(1.0, report.Bounds!.UnknownFraction);
        var strict = DeploymentGate.Run(package, new DeploymentGateOptions { LimitLow = low, LimitHigh = high, MaxBoxes = 1, RequireProof = true });
        Assert.False(strict.Passed);

        // Limits just outside the root interval are proved.
        double[] wideLow = [root.RootLow[0] - margin, -3];
        double[] wideHigh = [root.RootHigh[0] + margin, 2];
        var proved = DeploymentGate.Run(package, new DeploymentGateOptions { LimitLow = wideLow, LimitHigh = wideHigh, MaxBoxes = 1 });
        Assert.Equal(GateStatus.Passed, Check(proved, "output-bounds").Status);
    }

    [Fact]
    public void The_input_box_uses_the_support_for_supported_tags_and_mean_plus_minus_k_std_otherwise()
    {
        var package = Package("p");
        var manifest = PolicyManifest.Load(Path.Combine(package, PolicyManifest.FileName));
        var network = new Networks.NetworkGraph(Onnx.OnnxModelReader.Read(File.ReadAllBytes(Path.Combine(package, "policy.onnx"))));
        var independent = PackageInputBox.Create(manifest, network, FrameMode.Independent, 3);
        Assert.Equal(TestPackages.History * 3, independent.Dimensions.Count);
        Assert.Equal(new Bounds.BoxDimension("a@t-0", -3, 5, 2), independent.Dimensions[0]);
        Assert.Equal(new Bounds.BoxDimension("c@t-1", 0.5 - 3, 0.5 + 3, 1), independent.Dimensions[5]);
        var same = PackageInputBox.Create(manifest, network, FrameMode.Same, 3);
        Assert.Equal(3, same.Dimensions.Count);
        Assert.Equal([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], same.Mapping[0]);

        var configured = PackageInputBox.Create(manifest, network, FrameMode.Same, 3, [new TagRange("c", -1, 2), new TagRange("a", 0, 1)]);
        Assert.Equal(new Bounds.BoxDimension("c", -1, 2, 1), configured.Dimensions[2]);
        Assert.Equal(new Bounds.BoxDimension("a", 0, 1, 2), configured.Dimensions[0]);
        var e = Assert.Throws<ArgumentException>(() => PackageInputBox.Create(manifest, network, FrameMode.Same, 3, [new TagRange("zz", 0, 1)]));
        Assert.Contains("range for 'zz'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recent_states_rebuild_windows_per_episode_repeating_the_first_frame()
    {
        var path = TestPackages.Store(Path.Combine(_dir, "s.sqlite"), episodes: 2, steps: 5);
        using var store = TransitionStore.Open(path, readOnly: true);
        var all = store.Read().ToList();
        var states = RecentStates.Read(store, 7, 3);
        Assert.Equal(7, states.Count);

        // The last 7 rows: steps 3, 4 of episode 0, then steps 0..4 of episode 1.
        Assert.Equal([(0L, 3L), (0, 4), (1, 0), (1, 1), (1, 2), (1, 3), (1, 4)], states.Select(s => (s.Episode, s.Step)));
        var first = states[2];
        Assert.All(first.Frames, f => Assert.Equal(all[5].Observation, f));
        var second = states[3];
        Assert.Equal([all[5].Observation, all[5].Observation, all[6].Observation], second.Frames);
        Assert.Equal([all[2].Observation, all[3].Observation, all[4].Observation], states[1].Frames);

        // Newest-first windows put the state's own frame first; oldest-first last. Tags are picked by name.
        var manifest = TestPackages.Write(Path.Combine(_dir, "w"));
        var newest = TrustRegionMeasurement.Windows(manifest with { Observation = manifest.Observation with { HistoryLength = 2 } }, [states[1]], store.Layout.ObservationTags);
        Assert.Equal([all[4].Observation[3], all[4].Observation[2], all[4].Observation[1], all[3].Observation[3], all[3].Observation[2], all[3].Observation[1]],
            newest.Select(v => (double)v), new Tolerance());
        var oldest = TrustRegionMeasurement.Windows(manifest with { Observation = manifest.Observation with { HistoryLength = 2, FrameOrder = "oldest-first" } }, [states[1]], store.Layout.ObservationTags);
        Assert.Equal((float)all[4].Observation[3], oldest[3]);
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}
