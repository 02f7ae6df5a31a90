using IndustrialSafeRL.Cli.Demo;
using IndustrialSafeRL.Contracts.Transitions;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.EndToEnd.Tests.Demo;

/// <summary>
/// <c>isrl demo --quick</c> end to end: D_0, two iterations of train → gate → deploy over real OPC UA behind the shield →
/// evaluate, and the report. One run feeds every assertion (it takes about a minute).
/// </summary>
public sealed class QuickDemoTests : IClassFixture<QuickDemoTests.Run>
{
    private readonly Run _run;

    public QuickDemoTests(Run run) => _run = run;

    [Fact]
    public void Every_iteration_finished_and_the_report_exists_with_its_plots()
    {
        Assert.Equal(2, _run.State.Iterations.Count(r => r.Finished));
        var report = File.ReadAllText(Path.Combine(_run.Folder, "report.md"));
        Assert.Contains("## Verdict", report, StringComparison.Ordinal);
        Assert.Contains("| 2 |", report, StringComparison.Ordinal);
        foreach (var plot in new[] { "returns", "deployment-cost", "interventions", "coverage", "diversity" })
        {
            var png = Path.Combine(_run.Folder, "plots", plot + ".png");
            Assert.True(new FileInfo(png).Length > 1000, png);
        }
    }

    [Fact]
    public void Every_iteration_logged_data_through_opc_ua()
    {
        foreach (var iteration in _run.State.Iterations)
        {
            Assert.Equal(3, iteration.Deployments.Count);
            Assert.All(iteration.Deployments, d =>
            {
                Assert.True(d.Rows > 0, $"{d.RunId}: no rows");
                Assert.True(d.SimulatorSteps > 0, $"{d.RunId}: the simulator was never stepped over OPC UA");
                Assert.Equal(d.AutoRows, d.SimulatorSteps);
            });
            Assert.Contains(iteration.Deployments, d => d.AutoRows > 0);
        }
    }

    [Fact]
    public void The_store_holds_exactly_D0_and_every_logged_control_step()
    {
        SqliteConnection.ClearAllPools();
        using var store = TransitionStore.Open(Path.Combine(_run.Folder, "store.sqlite"), readOnly: true);
        var deployed = _run.State.Iterations.SelectMany(r => r.Deployments).Sum(d => d.Rows);
        Assert.Equal(_run.State.DatasetRows + deployed, store.Count());
        foreach (var deployment in _run.State.Iterations.SelectMany(r => r.Deployments))
        {
            Assert.Equal(deployment.Rows, store.Count(new TransitionQuery(RunId: deployment.RunId)));
        }

        Assert.Equal("ok", store.CheckIntegrity());
    }

    [Fact]
    public void The_final_policy_beats_the_behaviour_policy_on_the_true_simulator()
    {
        var last = _run.State.Iterations.Last(r => r.Finished);
        var best = last.TrueReturns[last.BestByModel];
        Assert.True(best.Mean > _run.State.Behaviour!.Mean,
            $"best-by-model {best.Mean:F2} ± {best.StandardError:F2} vs behaviour {_run.State.Behaviour.Mean:F2}");
    }

    [Fact]
    public async Task Running_again_resumes_and_changes_nothing()
    {
        var before = File.ReadAllText(Path.Combine(_run.Folder, "demo.json"));
        var again = await new DemoRunner(_run.Options, TextWriter.Null).RunAsync(CancellationToken.None);
        Assert.Equal(2, again.Iterations.Count(r => r.Finished));
        Assert.Equal(before, File.ReadAllText(Path.Combine(_run.Folder, "demo.json")));
    }

    /// <summary>One quick demo run shared by the tests above.</summary>
    public sealed class Run : IAsyncLifetime
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("isrl-demo-").FullName;

        public DemoOptions Options => new() { Quick = true, Iterations = 2, Output = Folder, Seed = 0 };

        public StringWriter Log { get; } = new();

        public DemoState State { get; private set; } = null!;

        public async Task InitializeAsync() => State = await new DemoRunner(Options, Log).RunAsync(CancellationToken.None);

        public Task DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
            return Task.CompletedTask;
        }
    }
}
