using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Tests.Fakes;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace IndustrialSafeRL.Controller.Host.Tests;

/// <summary>
/// The deployment gate in front of every hot swap: real packages, the real gate (ONNX Runtime, interval bound
/// propagation), the trust region measured on the loop's own SQLite store against the active package.
/// </summary>
public sealed class PackageGateTests
{
    private static PolicyManifest WithTrustRegion(PolicyManifest m, double epsilon = 0.05) =>
        m with { TrustRegion = new TrustRegionInfo("policy-a", 0, epsilon, 0.1) };

    /// <summary>A harness that has run 20 cycles with policy-a active, so its store holds recent states.</summary>
    private static async Task<LoopHarness> RunningAsync()
    {
        var h = new LoopHarness();
        await h.ConnectAsync();
        await h.CyclesAsync(20);
        Assert.True(await h.Writer.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("policy-a v1", PolicySlot.Name(h.Slot.Active));
        return h;
    }

    private static PackageGate Gate(LoopHarness h, RecordingLogger<PackageGate> log) =>
        new(h.Options.Gate, h.Options.Store, h.Loader, h.Slot, h.Audit, log);

    private static Task<PackageActivation> ActivateAsync(PackageGate gate, string package) =>
        gate.ActivateAsync([package], EnsembleRule.Champion, "op-7", "next iteration", CancellationToken.None);

    [Fact]
    public async Task A_good_package_passes_is_activated_at_the_next_cycle_and_the_log_gives_the_fractions_and_max_D()
    {
        await using var h = await RunningAsync();
        var log = new RecordingLogger<PackageGate>();
        var package = TestPolicyPackages.WriteConstant(Path.Combine(h.Directory, "p2"), [0.12f, -0.2f, 0.3f], "policy-b", 2,
            edit: m => WithTrustRegion(m));
        var logged = h.Store.Count();

        var outcome = await ActivateAsync(Gate(h, log), package);

        Assert.True(outcome.Activated, string.Join("; ", outcome.Reasons));
        Assert.Equal("policy-b v2", outcome.Policy);
        Assert.Equal("policy-a v1", PolicySlot.Name(h.Slot.Active)); // staged, applied between two cycles
        await h.CyclesAsync(1);
        Assert.Equal("policy-b v2", PolicySlot.Name(h.Slot.Active));
        Assert.Equal("policy-a v1", PolicySlot.Name(h.Slot.Previous));

        var line = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.StartsWith("Deployment gate passed", line.Message, StringComparison.Ordinal);
        Assert.Equal(package, line["Package"]);
        Assert.Equal(h.Options.Packages[0], line["Against"]);
        Assert.Equal(1.0, line["ProvedFraction"]);
        Assert.Equal(0.0, line["RefutedFraction"]);
        Assert.Equal(0.0, line["UnknownFraction"]);
        // D = ‖Δa‖² / (2σ²) = 0.02² / 0.02 on every logged state.
        Assert.InRange(Assert.IsType<double>(line["MaxDivergence"]), 0.0199, 0.0201);
        var summary = Assert.IsType<string>(line["GateSummary"]);
        Assert.Contains("integrity passed", summary, StringComparison.Ordinal);
        Assert.Contains("trust-region passed", summary, StringComparison.Ordinal);
        Assert.True(summary.Contains($"over {logged} recent states", StringComparison.Ordinal), summary);
        Assert.Contains(h.Audit.Entries, e => e.Kind == "policy" && e.To == "policy-b v2" && e.Who == "op-7");
    }

    [Fact]
    public async Task A_tampered_package_is_refused_naming_the_hash_and_the_active_policy_stays()
    {
        await using var h = await RunningAsync();
        var log = new RecordingLogger<PackageGate>();
        var package = Path.Combine(h.Directory, "tampered");
        TestPolicyPackages.WriteConstant(package, [0.12f, -0.2f, 0.3f], "policy-b", 2, edit: m => WithTrustRegion(m));
        var onnx = Path.Combine(package, "policy.onnx");
        var bytes = File.ReadAllBytes(onnx);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(onnx, bytes);

        var outcome = await ActivateAsync(Gate(h, log), package);

        Assert.False(outcome.Activated);
        Assert.Equal("policy-a v1", outcome.Policy);
        Assert.Contains(outcome.Reasons, r => r.Contains("integrity: onnx.sha256", StringComparison.Ordinal));
        await h.CyclesAsync(3);
        Assert.Equal("policy-a v1", PolicySlot.Name(h.Slot.Active));
        Assert.Null(h.Slot.Previous);
        Assert.Equal(ShedReason.None, h.Loop.Shed);

        var line = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        // A changed file fails its hash first; the changed bytes then also fail whatever else they break.
        Assert.StartsWith("integrity", Assert.IsType<string>(line["FailedChecks"]), StringComparison.Ordinal);
        Assert.Equal("'policy-a v1' stays active", line["Outcome"]);
        Assert.Contains("onnx.sha256", Assert.IsType<string>(line["Reasons"]), StringComparison.Ordinal);
        var refused = Assert.Single(h.Audit.Entries, e => e.Kind == "policy-refused");
        Assert.Equal(("op-7", "policy-a v1", package), (refused.Who, refused.From, refused.To));
        Assert.Contains("onnx.sha256", refused.Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_whose_test_vectors_do_not_reproduce_is_refused()
    {
        await using var h = await RunningAsync();
        var log = new RecordingLogger<PackageGate>();
        var package = Path.Combine(h.Directory, "vectors");
        TestPolicyPackages.WriteConstant(package, [0.12f, -0.2f, 0.3f], "policy-b", 2,
            edit: m => WithTrustRegion(m) with { TestVectors = [m.TestVectors[0] with { Output = [0.5f, -0.2f, 0.3f] }] });

        var outcome = await ActivateAsync(Gate(h, log), package);

        Assert.False(outcome.Activated);
        var line = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("test-vectors", Assert.IsType<string>(line["FailedChecks"]), StringComparison.Ordinal);
        Assert.Contains("testVectors[0].output[0]", Assert.IsType<string>(line["Reasons"]), StringComparison.Ordinal);
        await h.CyclesAsync(2);
        Assert.Equal("policy-a v1", PolicySlot.Name(h.Slot.Active));
    }

    [Fact]
    public async Task A_package_whose_outputs_interval_bound_propagation_refutes_is_refused_with_the_counterexample()
    {
        await using var h = await RunningAsync();
        var log = new RecordingLogger<PackageGate>();
        var package = Path.Combine(h.Directory, "refuted");
        // delta_velocity 1.5 is outside the manifest's action limits [-1, 1] everywhere; ε is wide so only the bounds fail.
        TestPolicyPackages.WriteConstant(package, [1.5f, -0.2f, 0.3f], "policy-b", 2, edit: m => WithTrustRegion(m, epsilon: 1000));

        var outcome = await ActivateAsync(Gate(h, log), package);

        Assert.False(outcome.Activated);
        var line = Assert.Single(log.Lines);
        Assert.Equal("output-bounds", line["FailedChecks"]);
        Assert.Equal(0.0, line["ProvedFraction"]);
        Assert.Equal(1.0, line["RefutedFraction"]);
        Assert.Contains("counterexample: delta_velocity = 1.5", Assert.IsType<string>(line["Reasons"]), StringComparison.Ordinal);
        await h.CyclesAsync(2);
        Assert.Equal("policy-a v1", PolicySlot.Name(h.Slot.Active));
    }

    [Fact]
    public async Task A_package_too_far_from_the_active_one_on_the_logged_states_fails_the_trust_region()
    {
        await using var h = await RunningAsync();
        var log = new RecordingLogger<PackageGate>();
        var package = Path.Combine(h.Directory, "far");
        TestPolicyPackages.WriteConstant(package, [0.5f, -0.2f, 0.3f], "policy-b", 2, edit: m => WithTrustRegion(m));

        var outcome = await ActivateAsync(Gate(h, log), package);

        Assert.False(outcome.Activated);
        var line = Assert.Single(log.Lines);
        Assert.Equal("trust-region", line["FailedChecks"]);
        // D = 0.4² / 0.02 = 8 > ε = 0.05.
        Assert.InRange(Assert.IsType<double>(line["MaxDivergence"]), 7.99, 8.01);
        Assert.Equal(1.0, line["ProvedFraction"]);
    }

    [Fact]
    public async Task A_package_without_a_recorded_trust_region_needs_the_configured_sigma_and_epsilon_to_be_swapped_in()
    {
        await using var h = await RunningAsync();
        var log = new RecordingLogger<PackageGate>();
        var package = TestPolicyPackages.WriteConstant(Path.Combine(h.Directory, "unbounded"), [0.12f, -0.2f, 0.3f], "policy-b", 2);

        var refused = await ActivateAsync(Gate(h, log), package);

        Assert.False(refused.Activated);
        Assert.Equal("trust-region", log.Lines[^1]["FailedChecks"]);
        Assert.Contains("records no sigma/epsilon", Assert.IsType<string>(log.Lines[^1]["Reasons"]), StringComparison.Ordinal);

        h.Options.Gate.Sigma = 0.1;
        h.Options.Gate.Epsilon = 0.05;
        var accepted = await ActivateAsync(Gate(h, log), package);

        Assert.True(accepted.Activated, string.Join("; ", accepted.Reasons));
        Assert.InRange(Assert.IsType<double>(log.Lines[^1]["MaxDivergence"]), 0.0199, 0.0201);
    }

    [Fact]
    public async Task With_the_gate_disabled_a_package_is_activated_unverified_with_a_warning()
    {
        await using var h = await RunningAsync();
        h.Options.Gate.Enabled = false;
        var log = new RecordingLogger<PackageGate>();
        var package = Path.Combine(h.Directory, "unverified");
        TestPolicyPackages.WriteConstant(package, [0.5f, -0.2f, 0.3f], "policy-b", 2);

        var outcome = await ActivateAsync(Gate(h, log), package);

        Assert.True(outcome.Activated);
        Assert.Empty(outcome.Verdicts);
        var line = Assert.Single(log.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("DISABLED", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minimum_proved_fraction_refuses_a_package_proved_on_less_of_the_box_that_the_default_accepts()
    {
        await using var h = await RunningAsync();
        var log = new RecordingLogger<PackageGate>();
        // Exactly zero everywhere, but its interval bounds are loose: within the split budget part of the box stays
        // undecided (never refuted, no counterexample exists).
        var package = TestPolicyPackages.WriteCancelling(Path.Combine(h.Directory, "cancelling"), 0.05f, "policy-c",
            m => WithTrustRegion(m, epsilon: 1000) with { Action = m.Action with { Low = [-0.1, -0.1, -0.1], High = [0.1, 0.1, 0.1] } });
        h.Options.Gate.Frames = IndustrialSafeRL.Verification.Gate.FrameMode.Same;
        h.Options.Gate.MaxBoxes = 256;
        h.Options.Gate.UnknownSamples = 50;
        h.Options.Gate.EnvelopeSamples = 0;
        h.Options.Gate.MinProvedFraction = 0.999;

        var refused = await ActivateAsync(Gate(h, log), package);

        var line = Assert.Single(log.Lines);
        Assert.False(refused.Activated, line.Message);
        Assert.Equal("output-bounds", line["FailedChecks"]);
        var proved = Assert.IsType<double>(line["ProvedFraction"]);
        Assert.InRange(proved, 0.0, 0.998);
        Assert.Equal(0.0, line["RefutedFraction"]);
        Assert.Contains("Controller:Gate:MinProvedFraction requires 99.9 %", Assert.IsType<string>(line["Reasons"]), StringComparison.Ordinal);

        h.Options.Gate.MinProvedFraction = null;
        var accepted = await ActivateAsync(Gate(h, log), package);

        Assert.True(accepted.Activated, string.Join("; ", accepted.Reasons));
        Assert.Equal(LogLevel.Information, log.Lines[^1].Level);
        Assert.Equal(proved, log.Lines[^1]["ProvedFraction"]);
        Assert.Contains("output-bounds inconclusive", Assert.IsType<string>(log.Lines[^1]["GateSummary"]), StringComparison.Ordinal);
    }
}
