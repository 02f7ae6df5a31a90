using IndustrialSafeRL.Cli.Demo;
using IndustrialSafeRL.Contracts.Policies;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.EndToEnd.Tests.Demo;

/// <summary>
/// <c>isrl demo --quick --retrain on --guide behaviour --trust-region on</c>: every method of DESIGN §5.5 in the full
/// loop (train → gate → deploy over OPC UA → evaluate), its figures in the report, its promises in the packages.
/// </summary>
public sealed class QuickDemoMethodsTests : IClassFixture<QuickDemoMethodsTests.Run>
{
    private readonly Run _run;

    public QuickDemoMethodsTests(Run run) => _run = run;

    [Fact]
    public void The_report_has_a_section_per_method()
    {
        Assert.Equal(2, _run.State.Iterations.Count(r => r.Finished));
        var report = File.ReadAllText(Path.Combine(_run.Folder, "report.md"));
        foreach (var section in new[] { "## Methods", "### ε-retrain", "### Local guide (PAG)", "### Trust region (FixPO)", "**Deployment gate**" })
        {
            Assert.Contains(section, report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Retrain_drew_training_starts_from_its_areas()
    {
        foreach (var r in _run.State.Iterations)
        {
            Assert.True(r.Methods.RetrainAreas > 0, $"iteration {r.Index}: no areas");
            Assert.InRange(r.Methods.RetrainFromAreas!.Value, 0.01, 0.9);
            Assert.NotNull(r.Methods.ViolationsUniform);
        }
    }

    [Fact]
    public void The_guide_bound_grows_and_every_package_carries_it()
    {
        var bounds = _run.State.Iterations.OrderBy(r => r.Index).Select(r => r.Methods.GuideBound!.Value).ToArray();
        Assert.True(bounds[1] > bounds[0], $"bounds {string.Join(", ", bounds)}");
        Assert.NotNull(_run.State.Guide);
        foreach (var r in _run.State.Iterations)
        {
            Assert.Equal(r.Packages.Count, r.Methods.GuidePulls!.Length);
            foreach (var (package, k) in r.Packages.Select((p, k) => (p, k)))
            {
                var manifest = PolicyManifest.Load(Path.Combine(package, PolicyManifest.FileName));
                Assert.NotNull(manifest.Guide);
                Assert.All(manifest.Guide.DeviationBound, b => Assert.True(b > 0));
                // The guide floor's pull is what the package was exported with.
                Assert.Equal(r.Methods.GuidePulls[k], manifest.Training.Hyperparameters["guide.shrink"]);
            }
        }

        Assert.Contains("floor pulls", File.ReadAllText(Path.Combine(_run.Folder, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_second_iteration_keeps_its_trust_region_and_the_gate_measured_it()
    {
        var second = _run.State.Iterations.Single(r => r.Index == 2);
        var epsilon = second.Methods.TrustEpsilon!.Value;
        Assert.All(second.Methods.TrustMaxAfter!, d => Assert.True(d <= epsilon, $"max D {d} > ε {epsilon}"));
        Assert.All(second.Gate, g => Assert.Contains("max D", g, StringComparison.Ordinal));
        foreach (var (package, k) in second.Packages.Select((p, k) => (p, k)))
        {
            var trust = PolicyManifest.Load(Path.Combine(package, PolicyManifest.FileName)).TrustRegion;
            Assert.NotNull(trust);
            Assert.Equal(_run.State.Iterations.Single(r => r.Index == 1).PolicyIds[k], trust.PredecessorId);
            Assert.True(trust.MaxDivergence <= trust.Epsilon);
        }

        Assert.Null(_run.State.Iterations.Single(r => r.Index == 1).Methods.TrustEpsilon);
    }

    [Fact]
    public void Bad_method_flags_are_refused_naming_the_flag()
    {
        var retrain = Assert.ThrowsAny<ArgumentException>(() => new DemoOptions { Retrain = "0.5,0.1" }.Validate());
        Assert.Contains("--retrain", retrain.Message, StringComparison.Ordinal);
        var trust = Assert.ThrowsAny<ArgumentException>(() => new DemoOptions { TrustRegion = "wide" }.Validate());
        Assert.Contains("--trust-region", trust.Message, StringComparison.Ordinal);
        var guide = Assert.ThrowsAny<ArgumentException>(() => new DemoOptions { Guide = "magic" }.Validate());
        Assert.Contains("--guide", guide.Message, StringComparison.Ordinal);
    }

    public sealed class Run : IAsyncLifetime
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("isrl-demo-methods-").FullName;

        public DemoOptions Options => new() { Quick = true, Iterations = 2, Output = Folder, Seed = 0, Retrain = "on", Guide = "behaviour", TrustRegion = "on" };

        public DemoState State { get; private set; } = null!;

        public async Task InitializeAsync() => State = await new DemoRunner(Options, TextWriter.Null).RunAsync(CancellationToken.None);

        public Task DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
