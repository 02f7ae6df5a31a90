using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Control;
using IndustrialSafeRL.Controller.Host.Tests.Fakes;
using IndustrialSafeRL.Policy.Runtime.Ensembles;

namespace IndustrialSafeRL.Controller.Host.Tests;

public sealed class ControlLoopTests
{
    [Fact]
    public async Task Shadow_computes_and_logs_but_never_writes_actuators()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(20);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
        Assert.Empty(h.Plant.ActuatorWrites);
        Assert.DoesNotContain(h.Plant.Writes, w => w.Advisory is not null);
        var beats = h.Plant.Writes.Select(w => w.Heartbeat).ToList();
        Assert.Equal(20, beats.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long?)i), beats);

        var rows = await h.StoredAsync();
        // The first cycle only started the connection: 20 readings, 20 rows.
        Assert.Equal(20, rows.Count);
        var steady = rows;
        Assert.All(steady, r => Assert.Equal("shadow", r.Mode));
        Assert.All(steady, r => Assert.Equal("policy-a", r.PolicyId));
        Assert.All(steady, r => Assert.Equal([0.1, -0.2, 0.3], r.ProposedAction.Select(a => Math.Round(a, 6))));
        Assert.All(steady, r => Assert.Equal([0.1, -0.2, 0.25], r.AppliedAction.Select(a => Math.Round(a, 6))));
        Assert.All(steady, r => Assert.Equal("HardClamp", Assert.Single(r.Interventions).Unit));
        // The reward comes from the next observation: −(3·fatigue + consumption) = −(30 + 20).
        Assert.All(steady.SkipLast(1), r => Assert.Equal(-50, r.Reward, 9));
        Assert.Equal(TransitionFlags.EpisodeEnd, rows[^1].Flags & TransitionFlags.EpisodeEnd);
    }

    [Fact]
    public async Task Auto_writes_only_shielded_values_and_the_first_write_holds_the_current_value()
    {
        await using var h = new LoopHarness("Shadow", action: [0.9f, -0.2f, 0.1f], configure: o => o.Tags.Actuators[1].Increment = false);
        h.Plant.Actuators[1] = 0.05;
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "operator-1", "trial"));
        await h.CyclesAsync(5);

        var writes = h.Plant.ActuatorWrites.Select(w => w.Actuators!).ToList();
        Assert.Equal(5, writes.Count);
        // Bumpless: increments hold at 0, the absolute actuator holds its current value.
        Assert.Equal([0, 0.05, 0], writes[0]);
        Assert.All(writes.Skip(1), w => Assert.Equal([0.25, -0.2, 0.1], w.Select(a => Math.Round(a, 6))));
        Assert.All(writes, w => Assert.All(w, a => Assert.InRange(a, -0.25, 0.25)));
        var entry = Assert.Single(h.Audit.Entries, e => e.Kind == "mode");
        Assert.Equal(("operator-1", "Shadow", "Auto", "trial"), (entry.Who, entry.From, entry.To, entry.Why));
    }

    [Fact]
    public async Task Advisory_publishes_the_shielded_action_and_never_writes_actuators()
    {
        await using var h = new LoopHarness("Advisory");
        await h.ConnectAsync();
        await h.CyclesAsync(5);
        Assert.Empty(h.Plant.ActuatorWrites);
        var advisory = h.Plant.Writes.Where(w => w.Advisory is not null).Select(w => w.Advisory!).ToList();
        Assert.Equal(5, advisory.Count);
        Assert.All(advisory, a => Assert.Equal([0.1, -0.2, 0.25], a.Select(x => Math.Round(x, 6))));
    }

    [Fact]
    public async Task Auto_is_refused_without_the_PLC_permissive_and_the_refusal_is_audited()
    {
        await using var h = new LoopHarness("Shadow");
        h.Plant.Permissive = false;
        await h.ConnectAsync();
        await h.CyclesAsync(3);
        var refusal = h.Loop.RequestMode(ControllerMode.Auto, "operator-2", "try");
        Assert.Equal("the PLC permissive is not granted", refusal);
        await h.CyclesAsync(3);
        Assert.Equal(ControllerMode.Shadow, h.Loop.Mode);
        Assert.Empty(h.Plant.ActuatorWrites);
        var entry = Assert.Single(h.Audit.Entries, e => e.Kind == "mode-refused");
        Assert.Equal("operator-2", entry.Who);
        Assert.Contains("permissive", entry.Why, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"mode-refused\"", await File.ReadAllTextAsync(h.Options.AuditLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_producing_NaN_sheds_stops_the_heartbeat_and_logs_the_NaN()
    {
        await using var h = new LoopHarness("Shadow", nanAbove: 80);
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "op", "go"));
        await h.CyclesAsync(3);
        var writesBefore = h.Plant.Writes.Count;
        h.Plant.Observations[0] = 90;
        await h.CyclesAsync(5);
        Assert.Equal(ShedReason.NonFiniteAction, h.Loop.Shed);
        Assert.Equal(writesBefore, h.Plant.Writes.Count);
        var rows = await h.StoredAsync();
        var shedRows = rows.Where(r => r.Flags.HasFlag(TransitionFlags.Shed)).ToList();
        Assert.True(shedRows.Count >= 5);
        Assert.All(shedRows.TakeLast(5), r => Assert.All(r.ProposedAction, a => Assert.True(double.IsNaN(a))));
        Assert.Contains(h.Audit.Entries, e => e.Kind == "shed" && e.Why == "NonFiniteAction");
    }

    [Fact]
    public async Task A_stale_input_sheds()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
        h.Plant.Stale = true;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.StaleInput, h.Loop.Shed);
        var beats = h.Plant.Writes.Count;
        await h.CyclesAsync(3);
        Assert.Equal(beats, h.Plant.Writes.Count);
        var rows = await h.StoredAsync();
        Assert.True(rows[^1].Flags.HasFlag(TransitionFlags.StaleInput | TransitionFlags.Shed));
    }

    [Fact]
    public async Task A_frozen_PLC_life_bit_sheds_after_the_configured_cycles()
    {
        await using var h = new LoopHarness("Shadow", configure: o => o.Handshake.LifeBitFreezeCycles = 4);
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        h.Plant.LifeBitFrozen = true;
        await h.CyclesAsync(3);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.LifeBitFrozen, h.Loop.Shed);
        h.Plant.LifeBitFrozen = false;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
    }

    [Fact]
    public async Task A_lost_link_sheds_reconnects_with_backoff_and_stays_shed_until_the_permissive_is_granted_again()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "op", "go"));
        await h.CyclesAsync(3);
        Assert.Equal(3, h.Plant.ActuatorWrites.Count());

        h.Plant.Drop();
        h.Plant.ConnectFailures = 2;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.Disconnected, h.Loop.Shed);
        // Backoff: the first attempt fails at once, the retries wait 0.5 s and 1 s (± jitter) of the fake clock.
        for (var i = 0; i < 40 && !h.Link.IsConnected; i++)
        {
            await Task.Delay(10);
            await h.CyclesAsync(1);
        }

        Assert.True(h.Link.IsConnected);
        Assert.Equal(3, h.Plant.ConnectCalls - 1);
        Assert.True(h.Link.ReconnectAttempts >= 2);

        var writes = h.Plant.Writes.Count;
        await h.CyclesAsync(5);
        Assert.Equal(ShedReason.AwaitingPermissive, h.Loop.Shed);
        // Shed: neither actuators nor the heartbeat are written.
        Assert.Equal(writes, h.Plant.Writes.Count);

        h.Plant.Permissive = false;
        await h.CyclesAsync(2);
        Assert.NotEqual(ShedReason.None, h.Loop.Shed);
        h.Plant.Actuators[0] = 0.123;
        h.Plant.Permissive = true;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
        Assert.Equal([0, 0, 0], h.Plant.ActuatorWrites.Last().Actuators!);
        await h.CyclesAsync(1);
        Assert.Equal([0.1, -0.2, 0.25], h.Plant.ActuatorWrites.Last().Actuators!.Select(a => Math.Round(a, 6)));
        Assert.Contains(h.Audit.Entries, e => e.Kind == "resume" && e.Why.Contains("permissive", StringComparison.Ordinal));

        var rows = await h.StoredAsync();
        Assert.True(rows.Select(r => r.Episode).Distinct().Count() >= 2);
    }

    [Fact]
    public async Task Without_the_handshake_Auto_resumes_when_the_cause_clears()
    {
        await using var h = new LoopHarness("Shadow", handshake: false);
        await h.ConnectAsync();
        await h.CyclesAsync(1);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "op", "go"));
        await h.CyclesAsync(2);
        h.Plant.Stale = true;
        await h.CyclesAsync(2);
        Assert.Equal(ShedReason.StaleInput, h.Loop.Shed);
        h.Plant.Stale = false;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
        Assert.DoesNotContain(h.Plant.Writes, w => w.Heartbeat is not null);
    }

    [Fact]
    public async Task A_shield_shed_sheds_with_the_units_reason()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        h.Shield.ShedAlways = true;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.Shield, h.Loop.Shed);
        h.Plant.Stale = true;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.StaleInput, h.Loop.Shed);
        Assert.Contains(h.Audit.Entries, e => e.Why == "still shed, now: StaleInput");
        Assert.Contains(h.Audit.Entries, e => e.Kind == "shed" && e.Why == "Shield: InterventionWindow: repeated interventions");
    }

    [Fact]
    public async Task A_cycle_that_overruns_its_period_sheds_without_writing()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        Assert.Null(h.Loop.RequestMode(ControllerMode.Auto, "op", "go"));
        await h.CyclesAsync(2);
        var writes = h.Plant.Writes.Count;
        h.Plant.ReadTakes = TimeSpan.FromMilliseconds(150);
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.DeadlineMiss, h.Loop.Shed);
        Assert.Equal(writes, h.Plant.Writes.Count);
    }

    [Fact]
    public async Task Late_cycles_while_shed_keep_the_shed_and_its_cause_without_relabelling_it()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        h.Plant.Stale = true;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.StaleInput, h.Loop.Shed);
        var misses = h.Loop.Status.DeadlineMisses;

        // Each read now overruns the period, so every following cycle also starts late.
        h.Plant.ReadTakes = TimeSpan.FromMilliseconds(150);
        await h.CyclesAsync(3);
        Assert.True(h.Loop.Status.DeadlineMisses >= misses + 2, $"{h.Loop.Status.DeadlineMisses - misses} misses counted");
        Assert.Equal(ShedReason.StaleInput, h.Loop.Shed);
        Assert.DoesNotContain(h.Audit.Entries, e => e.Why.Contains("DeadlineMiss", StringComparison.Ordinal));

        // The input is good again but the cycle that sees it starts late: still no resume on that cycle.
        h.Plant.Stale = false;
        await h.CyclesAsync(1);
        Assert.NotEqual(ShedReason.None, h.Loop.Shed);
        h.Plant.ReadTakes = TimeSpan.Zero;
        await h.CyclesAsync(2);
        Assert.Equal(ShedReason.None, h.Loop.Shed);
    }

    [Fact]
    public async Task Failing_reads_shed_and_open_the_breaker_which_is_never_retried_within_a_cycle()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        h.Plant.ReadFailures = 100;
        await h.CyclesAsync(1);
        Assert.Equal(ShedReason.IoFailure, h.Loop.Shed);
        Assert.Equal(99, h.Plant.ReadFailures);
        await h.CyclesAsync(10);
        Assert.Equal("Open", h.Link.BreakerState.ToString());
        // One attempt per cycle at most (no retry), and none while the breaker is open.
        var left = h.Plant.ReadFailures;
        Assert.InRange(left, 89, 97);
        await h.CyclesAsync(3);
        Assert.Equal(left, h.Plant.ReadFailures);
    }

    [Fact]
    public async Task A_read_that_misses_its_timeout_sheds()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(2);
        h.Plant.ReadHangs = true;
        h.Time.Advance(h.Options.CycleTime);
        var cycle = h.Loop.RunCycleAsync(CancellationToken.None).AsTask();
        for (var i = 0; i < 100 && !cycle.IsCompleted; i++)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Delay(5);
        }

        await cycle;
        Assert.Equal(ShedReason.IoTimeout, h.Loop.Shed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stop_during_the_plants_io_leaves_every_counted_reading_logged(bool duringWrite)
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(3);
        // The stop's cancellation arrives while the cycle waits on the plant: in the read, or in the heartbeat write.
        h.Plant.ReadHangs = !duringWrite;
        h.Plant.WriteHangs = duringWrite;
        using var stop = new CancellationTokenSource();
        h.Time.Advance(h.Options.CycleTime);
        var cycle = h.Loop.RunCycleAsync(stop.Token).AsTask();
        await Task.Delay(50);
        Assert.False(cycle.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cycle);

        // Every cycle that read the plant logged one row; the others are counted as unread.
        var rows = await h.StoredAsync();
        Assert.Equal(duringWrite ? 4 : 3, rows.Count);
        Assert.Equal(h.Loop.Cycles - h.Loop.UnreadCycles, rows.Count);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Step));
    }

    [Fact]
    public async Task Hot_swapping_a_package_mid_run_loses_no_cycle_and_rollback_restores_the_previous()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        await h.CyclesAsync(5);
        var next = h.Loader.Load([h.PackageDir("p2", [-0.1f, 0.1f, 0.05f], "policy-b", version: 2)], EnsembleRule.Champion);
        h.Slot.Stage(next, "engineer", "iteration 2");
        await h.CyclesAsync(5);
        h.Slot.RequestRollback("engineer", "worse than expected");
        await h.CyclesAsync(5);

        var rows = await h.StoredAsync();
        Assert.Equal(15, rows.Count);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (long)i), rows.Select(r => r.Step));
        Assert.All(rows, r => Assert.Equal(0, r.Episode));
        Assert.Equal(Enumerable.Repeat("policy-a", 5), rows.Take(5).Select(r => r.PolicyId));
        Assert.Equal(Enumerable.Repeat("policy-b", 5), rows.Skip(5).Take(5).Select(r => r.PolicyId));
        Assert.Equal(Enumerable.Repeat("policy-a", 5), rows.Skip(10).Select(r => r.PolicyId));
        Assert.Equal([-0.1, 0.1, 0.05], rows[5].ProposedAction.Select(a => Math.Round(a, 6)));
        Assert.Equal([0.1, -0.2, 0.3], rows[10].ProposedAction.Select(a => Math.Round(a, 6)));
        Assert.All(rows, r => Assert.False(r.Flags.HasFlag(TransitionFlags.Shed)));
        Assert.Equal(["policy-a", "policy-b", "policy-a"], h.Shield.Envelopes);
        Assert.Contains(h.Audit.Entries, e => e.Kind == "policy" && e.Who == "engineer" && e.To == "policy-b v2");
        Assert.Contains(h.Audit.Entries, e => e.Kind == "rollback" && e.To == "policy-a v1");
    }

    [Fact]
    public async Task Off_logs_the_plant_without_a_policy_and_writes_nothing_but_the_heartbeat()
    {
        await using var h = new LoopHarness("Off");
        await h.ConnectAsync();
        await h.CyclesAsync(3);
        Assert.All(h.Plant.Writes, w => Assert.Null(w.Actuators));
        var rows = await h.StoredAsync();
        Assert.All(rows.Skip(1), r => Assert.Equal(("off", "plant"), (r.Mode, r.PolicyId)));
    }

    [Fact]
    public async Task Every_acknowledged_transition_is_in_the_store_within_the_next_cycle()
    {
        await using var h = new LoopHarness("Shadow");
        await h.ConnectAsync();
        for (var i = 0; i < 50; i++)
        {
            // Real time between cycles (half the period): the writer must keep up without the harness's flush.
            h.Time.Advance(h.Options.CycleTime);
            await h.Loop.RunCycleAsync(CancellationToken.None);
            await Task.Delay(50);
            Assert.True(h.Writer.Lag <= h.Options.MaxLogLagCycles, $"lag {h.Writer.Lag} at cycle {i}");
        }

        Assert.Equal(ShedReason.None, h.Loop.Shed);

        // Step t is logged once o_{t+1} is read, so 49 rows are acknowledged and the last is in flight.
        Assert.True(await h.Writer.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(49, h.Writer.Acknowledged);
        Assert.Equal(49, h.Store.Count());
        await h.Loop.FlushAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(50, h.Store.Count());
    }
}
