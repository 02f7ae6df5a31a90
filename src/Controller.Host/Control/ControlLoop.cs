using System.Globalization;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Controller.Host.Logging;
using IndustrialSafeRL.Controller.Host.Plant;
using IndustrialSafeRL.Controller.Host.Policies;
using IndustrialSafeRL.Controller.Host.Shielding;
using IndustrialSafeRL.Controller.Host.Telemetry;
using IndustrialSafeRL.Policy.Runtime.Ensembles;
using IndustrialSafeRL.Policy.Runtime.History;
using Microsoft.Extensions.Logging;

namespace IndustrialSafeRL.Controller.Host.Control;

/// <summary>
/// One control cycle at a time: read the plant, check the watchdog and the inputs, infer, shield, write what the mode
/// allows, log the step. Any fault sheds: the host stops writing and stops its heartbeat, so the PLC's own logic takes
/// over without needing a write to succeed. In Auto, a shed stays latched until the cause has cleared and the PLC has
/// withdrawn and granted its permissive again; every re-entry into Auto is bumpless (the first value written holds
/// the plant's current value). Mode changes are requested from any thread and applied at the next cycle boundary.
/// A policy with a PLC-tag guide gets the guide tags read with the observations (the PLC's own controller's action)
/// as its graph's guide input and as the centre of the shield's guide-deviation bound; a bad, stale or non-finite
/// guide value sheds. Steady-state cycles allocate nothing.
/// </summary>
public sealed partial class ControlLoop
{
    private readonly ControllerOptions options;
    private readonly PlantLink link;
    private readonly IShieldGate shield;
    private readonly PolicySlot policies;
    private readonly TransitionWriter writer;
    private readonly AuditTrail audit;
    private readonly ControllerMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock requestLock = new();
    private readonly PlantSnapshot snapshot;
    private readonly PlantOutputs outputs;
    private readonly ObservationHistory history;
    private readonly double[] proposed;
    private readonly double[] applied;
    private readonly double[] hold;
    private readonly double[] guidePlant;
    private readonly int[] guideSource;
    private readonly string[] guideNames;
    private readonly bool[] increment;
    private readonly int[] rewardIndex;
    private readonly double[] rewardWeight;
    private readonly List<Intervention> interventions = new(32);
    private readonly bool handshake;
    private readonly long cycleTicks;
    private volatile ControllerMode mode;
    private ControllerMode? requestedMode; // guarded by requestLock
    private ShedReason shed = ShedReason.None;
    private bool sawPermissiveLow;
    private bool bumplessPending;
    private bool lastPermissive;
    private bool inputsFresh;
    private long lastLifeBit = long.MinValue;
    private int lifeBitUnchanged;
    private long heartbeat;
    private long cycles;
    private long deadlineMisses;
    private long unreadCycles;
    private long lastStart;
    private long episode;
    private long step;
    private CycleRow? pendingRow;
    private string policyId = "plant";
    private int policyVersion;
    private DateTimeOffset? lastCycleUtc;
    private volatile bool autoAtStart;
    private int guideFaultTag = -1;
    private TimeSpan guideFaultAge;

    /// <summary>Creates the loop; <paramref name="options"/> must be validated.</summary>
    public ControlLoop(ControllerOptions options, PlantLink link, IShieldGate shield, PolicySlot policies, TransitionWriter writer,
        AuditTrail audit, ControllerMetrics metrics, TimeProvider time, ILogger<ControlLoop> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.link = link;
        this.shield = shield;
        this.policies = policies;
        this.writer = writer;
        this.audit = audit;
        this.metrics = metrics;
        this.time = time;
        this.logger = logger;
        var observations = options.Tags.Observations.Count;
        var actuators = options.Tags.Actuators.Count;
        snapshot = new PlantSnapshot(observations, actuators, options.Tags.Guides.Count);
        outputs = new PlantOutputs(actuators);
        history = new ObservationHistory(HistoryCapacity, observations);
        proposed = new double[actuators];
        applied = new double[actuators];
        hold = new double[actuators];
        guidePlant = new double[actuators];
        guideSource = [.. Enumerable.Repeat(-1, actuators)];
        guideNames = [.. options.Tags.Guides.Select(g => g.Name)];
        increment = [.. options.Tags.Actuators.Select(a => a.Increment)];
        rewardIndex = [.. options.Reward.Select(r => options.Tags.Observations.FindIndex(t => t.Name == r.Tag))];
        rewardWeight = [.. options.Reward.Select(r => r.Weight)];
        handshake = options.Handshake.Required;
        cycleTicks = (long)(options.CycleTime.TotalSeconds * time.TimestampFrequency);
        mode = Enum.Parse<ControllerMode>(options.Mode, ignoreCase: true);
        if (mode == ControllerMode.Auto)
        {
            // Auto is never entered blind: start in Shadow and let the first healthy cycles grant the request.
            mode = ControllerMode.Shadow;
            autoAtStart = true;
        }

        metrics.Mode(mode);
    }

    /// <summary>History frames the host keeps (the IB window).</summary>
    public const int HistoryCapacity = 30;

    /// <summary>The mode in force.</summary>
    public ControllerMode Mode => mode;

    /// <summary>Why control is shed, or <see cref="ShedReason.None"/>.</summary>
    public ShedReason Shed => shed;

    /// <summary>Cycles run.</summary>
    public long Cycles => Interlocked.Read(ref cycles);

    /// <summary>Cycles that ended without reading the plant (not connected, or the read failed): they log no row.</summary>
    public long UnreadCycles => Interlocked.Read(ref unreadCycles);

    /// <summary>The transition writer.</summary>
    public TransitionWriter Writer => writer;

    /// <summary>The audit trail.</summary>
    public AuditTrail Audit => audit;

    /// <summary>The policy slot (stage and roll back packages).</summary>
    public PolicySlot Policies => policies;

    /// <summary>The plant link.</summary>
    public PlantLink Link => link;

    /// <summary>Current status (allocates; not for the control thread).</summary>
    public ControllerStatus Status => new(
        Mode, shed != ShedReason.None, shed, link.IsConnected, link.BreakerState.ToString(), Cycles, Interlocked.Read(ref heartbeat),
        lastPermissive, !handshake || lifeBitUnchanged < options.Handshake.LifeBitFreezeCycles, inputsFresh,
        PolicySlot.Name(policies.Active), PolicySlot.Name(policies.Previous), writer.Enqueued, writer.Acknowledged,
        Interlocked.Read(ref deadlineMisses), lastCycleUtc);

    /// <summary>
    /// Requests a mode change (audited with who and why). Entering Auto requires a link, fresh inputs, a live PLC life
    /// bit, the PLC permissive, an active policy and no shed; a refused request is audited too. Returns null when
    /// accepted (applied at the next cycle boundary), else the reason for refusal.
    /// </summary>
    public string? RequestMode(ControllerMode to, string who, string why)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        lock (requestLock)
        {
            var from = requestedMode ?? Mode;
            var refusal = to == ControllerMode.Auto ? AutoRefusal() : null;
            if (refusal is not null)
            {
                audit.Record("mode-refused", who, from.ToString(), to.ToString(), $"{why}; refused: {refusal}");
                return refusal;
            }

            audit.Record("mode", who, from.ToString(), to.ToString(), why);
            requestedMode = to;
            return null;
        }
    }

    /// <summary>
    /// Drops a configured Auto-at-start that has not been entered yet (audited as a refused mode request): used when the
    /// configured packages were refused at start, so a package activated later by an operator does not enter Auto on its own.
    /// </summary>
    public void ForgoAutoAtStart(string why)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(why);
        if (autoAtStart)
        {
            autoAtStart = false;
            audit.Record("mode-refused", "configuration", Mode.ToString(), nameof(ControllerMode.Auto), $"Mode is Auto at start; refused: {why}");
        }
    }

    private string? AutoRefusal()
    {
        if (!link.IsConnected)
        {
            return "the plant link is down";
        }

        if (policies.Active is null && policies.Previous is null)
        {
            return "no valid policy package is active";
        }

        if (!inputsFresh)
        {
            return "inputs are not fresh";
        }

        if (handshake && lifeBitUnchanged >= options.Handshake.LifeBitFreezeCycles)
        {
            return "the PLC life bit is frozen";
        }

        if (handshake && !lastPermissive)
        {
            return "the PLC permissive is not granted";
        }

        return shed != ShedReason.None ? $"control is shed ({ShedReasonNames.Of(shed)})" : null;
    }

    /// <summary>Runs one cycle. Never throws for plant or policy faults: they shed.</summary>
    public async ValueTask RunCycleAsync(CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var cause = ShedReason.None;
        var missedTick = false;
        if (lastStart != 0 && start - lastStart > cycleTicks + (cycleTicks / 2))
        {
            // The timer coalesced ticks: a cycle was missed. It sheds only if nothing more telling does (below).
            Interlocked.Increment(ref deadlineMisses);
            missedTick = true;
        }

        lastStart = start;
        Interlocked.Increment(ref cycles);
        ApplyPolicyChange();
        ApplyModeRequest();

        if (!link.IsConnected)
        {
            Interlocked.Increment(ref unreadCycles);
            link.EnsureConnecting();
            EndEpisode();
            Trip(ShedReason.Disconnected);
            Finish(start);
            return;
        }

        var readStart = time.GetTimestamp();
        IoOutcome read;
        try
        {
            read = await link.ReadAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped during the read: the cycle read nothing and logs no row, so it counts as unread.
            Interlocked.Increment(ref unreadCycles);
            throw;
        }

        metrics.Io(Seconds(readStart));
        if (read != IoOutcome.Ok)
        {
            Interlocked.Increment(ref unreadCycles);
            EndEpisode();
            Trip(Reason(read));
            Finish(start);
            return;
        }

        var now = time.GetUtcNow();
        var stale = !snapshot.AllGood || now - snapshot.OldestSourceTimestamp > options.StaleAfter || !AllFinite(snapshot.Observations);
        inputsFresh = !stale;
        lastPermissive = snapshot.Permissive;
        if (handshake)
        {
            lifeBitUnchanged = snapshot.LifeBit == lastLifeBit ? lifeBitUnchanged + 1 : 0;
            lastLifeBit = snapshot.LifeBit;
            if (lifeBitUnchanged >= options.Handshake.LifeBitFreezeCycles && cause == ShedReason.None)
            {
                cause = ShedReason.LifeBitFrozen;
            }

            if (!snapshot.Permissive)
            {
                sawPermissiveLow = true;
                if (mode == ControllerMode.Auto && cause == ShedReason.None)
                {
                    cause = ShedReason.PermissiveLost;
                }
            }
        }

        if (stale && cause == ShedReason.None)
        {
            cause = ShedReason.StaleInput;
        }

        if (writer.Lag > options.MaxLogLagCycles && cause == ShedReason.None)
        {
            cause = ShedReason.LogLag;
        }

        CompletePendingRow(snapshot.Observations);
        history.Push(snapshot.Observations);
        ComputeHold(snapshot.Actuators);

        // A latched shed may clear this cycle: outside Auto as soon as the cause is gone; in Auto only after the PLC
        // withdrew and re-granted its permissive (or, without a handshake, at once). Give the shield a fresh window.
        var mayResume = shed != ShedReason.None && (mode != ControllerMode.Auto || !handshake || (sawPermissiveLow && snapshot.Permissive));
        if (mayResume)
        {
            shield.Reset();
        }

        var ensemble = policies.Active;
        var inferStart = time.GetTimestamp();
        interventions.Clear();
        if (mode == ControllerMode.Off || ensemble is null)
        {
            proposed.AsSpan().Fill(double.NaN);
            hold.CopyTo(applied, 0);
            if (mode != ControllerMode.Off && cause == ShedReason.None)
            {
                cause = ShedReason.NoPolicy;
            }
        }
        else if (ensemble.ReadsGuideInput && !ReadGuide(now))
        {
            // The policy perturbs the PLC's guide action: without a trustworthy guide value it must not run.
            proposed.AsSpan().Fill(double.NaN);
            hold.CopyTo(applied, 0);
            if (cause == ShedReason.None)
            {
                cause = ShedReason.GuideFault;
            }
        }
        else
        {
            ensemble.Infer(history, guidePlant, proposed);
            var verdict = shield.Decide(snapshot.Observations, proposed, snapshot.Actuators, ensemble.Guide, stale, applied, interventions);
            if (!AllFinite(proposed) && cause == ShedReason.None)
            {
                cause = ShedReason.NonFiniteAction;
            }

            if (verdict == ShieldGateVerdict.Shed && cause == ShedReason.None)
            {
                cause = ShedReason.Shield;
            }

            for (var i = 0; i < interventions.Count; i++)
            {
                metrics.Intervention(interventions[i].Unit);
            }
        }

        metrics.Inference(Seconds(inferStart));

        if (cause == ShedReason.None && missedTick)
        {
            // Lowest precedence: a fault in the inputs, guide or policy says more about why control cannot run.
            cause = ShedReason.DeadlineMiss;
        }

        if (cause != ShedReason.None)
        {
            Trip(cause);
        }
        else if (mayResume)
        {
            Resume();
        }
        else if (shed != ShedReason.None && shed != ShedReason.AwaitingPermissive)
        {
            // The cause has cleared; in Auto the PLC must now withdraw and re-grant its permissive.
            shed = ShedReason.AwaitingPermissive;
            audit.Record("shed", "controller", mode.ToString(), "shed", "cause cleared; waiting for the PLC to withdraw and grant its permissive again");
        }

        outputs.Clear();
        var healthy = shed == ShedReason.None;
        if (healthy && handshake)
        {
            outputs.Heartbeat = Interlocked.Increment(ref heartbeat);
            outputs.WriteHeartbeat = true;
        }

        if (!healthy)
        {
            hold.CopyTo(applied, 0);
        }
        else if (mode == ControllerMode.Auto)
        {
            if (bumplessPending)
            {
                // Bumpless entry: the first value written is the plant's current one; the move limit takes it from there.
                hold.CopyTo(applied, 0);
                bumplessPending = false;
            }

            applied.CopyTo(outputs.Actuators, 0);
            outputs.WriteActuators = true;
        }
        else if (mode == ControllerMode.Advisory)
        {
            applied.CopyTo(outputs.Advisory, 0);
            outputs.WriteAdvisory = true;
        }

        if (outputs.Any)
        {
            if (time.GetTimestamp() - start > cycleTicks)
            {
                // Too late to act on this reading: the values would be stale when they land.
                Interlocked.Increment(ref deadlineMisses);
                Trip(ShedReason.DeadlineMiss);
                outputs.Clear();
                hold.CopyTo(applied, 0);
            }
            else
            {
                var writeStart = time.GetTimestamp();
                IoOutcome wrote;
                try
                {
                    wrote = await link.WriteAsync(outputs, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped during the write: the cycle has read the plant, so its row is logged (the stop's flush
                    // ends the episode on it) and no reading is lost.
                    StartRow(now, stale);
                    throw;
                }

                metrics.Io(Seconds(writeStart));
                if (wrote != IoOutcome.Ok)
                {
                    Trip(Reason(wrote));
                }
            }
        }

        StartRow(now, stale);
        Finish(start);
        if (autoAtStart && shed == ShedReason.None && AutoRefusal() is null)
        {
            autoAtStart = false;
            RequestMode(ControllerMode.Auto, "configuration", "Mode is Auto at start; guards hold");
        }
    }

    /// <summary>Emits the last step (without a next observation) and waits for the store to acknowledge every row.</summary>
    public async Task FlushAsync(TimeSpan timeout)
    {
        EndEpisode();
        if (!await writer.FlushAsync(timeout).ConfigureAwait(false))
        {
            LogFlushIncomplete(logger, writer.Lag);
        }
    }

    private void Finish(long start)
    {
        lastCycleUtc = time.GetUtcNow();
        metrics.Cycle(Seconds(start));
    }

    private double Seconds(long since) => (time.GetTimestamp() - since) / (double)time.TimestampFrequency;

    private static ShedReason Reason(IoOutcome outcome) => outcome switch
    {
        IoOutcome.Timeout => ShedReason.IoTimeout,
        IoOutcome.BreakerOpen => ShedReason.BreakerOpen,
        IoOutcome.Disconnected => ShedReason.Disconnected,
        _ => ShedReason.IoFailure,
    };

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Fills <see cref="guidePlant"/> (plant action order) from the guide tags the active policy reads; false,
    /// with the first faulty tag noted for the audit, when one is bad, NaN or older than StaleAfter.</summary>
    private bool ReadGuide(DateTimeOffset now)
    {
        for (var p = 0; p < guidePlant.Length; p++)
        {
            var g = guideSource[p];
            if (g < 0)
            {
                guideFaultTag = -1 - p;
                return false;
            }

            var value = snapshot.Guides[g];
            var age = now - snapshot.GuideSourceTimestamps[g];
            if (!double.IsFinite(value) || age > options.StaleAfter)
            {
                guideFaultTag = g;
                guideFaultAge = double.IsFinite(value) ? age : TimeSpan.Zero;
                return false;
            }

            guidePlant[p] = value;
        }

        return true;
    }

    /// <summary>Which guide tag feeds each plant action for <paramref name="ensemble"/> (-1: none). Off the hot path:
    /// runs only when a policy is activated or rolled back.</summary>
    private void MapGuides(PolicyEnsemble? ensemble)
    {
        Array.Fill(guideSource, -1);
        Array.Clear(guidePlant);
        if (ensemble is null)
        {
            return;
        }

        for (var k = 0; k < ensemble.Members.Count; k++)
        {
            var package = ensemble.Members[k].Package;
            if (package.Manifest.GuideInput is null || package.Manifest.Guide is not { } guide)
            {
                continue;
            }

            for (var i = 0; i < guide.Tags.Count; i++)
            {
                guideSource[package.ActionIndex[i]] = Array.IndexOf(guideNames, guide.Tags[i]);
            }
        }
    }

    /// <summary>The audit text of a shed: the reason, with the shield's last intervention or the faulty guide tag.</summary>
    private string Detail(ShedReason reason)
    {
        var name = ShedReasonNames.Of(reason);
        if (reason == ShedReason.Shield && interventions.Count > 0)
        {
            return $"{name}: {interventions[^1].Unit}: {interventions[^1].Reason}";
        }

        if (reason != ShedReason.GuideFault)
        {
            return name;
        }

        if (guideFaultTag < 0)
        {
            return $"{name}: no guide tag feeds actuator '{options.Tags.Actuators[-1 - guideFaultTag].Name}'";
        }

        var tag = options.Tags.Guides[guideFaultTag];
        return guideFaultAge > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"{name}: guide tag '{tag.Name}' ({tag.NodeId}) is stale: its value is {guideFaultAge.TotalSeconds:0.###} s old (StaleAfter {options.StaleAfter})")
            : string.Create(CultureInfo.InvariantCulture, $"{name}: guide tag '{tag.Name}' ({tag.NodeId}) has a bad status or is not a finite number ({snapshot.Guides[guideFaultTag]})");
    }

    private void ComputeHold(ReadOnlySpan<double> current)
    {
        for (var i = 0; i < hold.Length; i++)
        {
            hold[i] = increment[i] || !double.IsFinite(current[i]) ? 0.0 : current[i];
        }
    }

    private void Trip(ShedReason reason)
    {
        if (shed == reason)
        {
            return;
        }

        if (shed != ShedReason.None && reason == ShedReason.DeadlineMiss)
        {
            // A late cycle while already shed keeps the shed (no resume this cycle) but says nothing new about its
            // cause: relabelling it would bury the real fault under timer jitter in the audit trail.
            return;
        }

        if (shed != ShedReason.None)
        {
            // Still shed, for another reason now (e.g. the link is back but the policy gives NaN): report the
            // current cause; the resume conditions stay those of the original shed.
            shed = reason;
            audit.Record("shed", "controller", mode.ToString(), "shed", $"still shed, now: {Detail(reason)}");
            return;
        }

        shed = reason;
        sawPermissiveLow = false;
        bumplessPending = false;
        metrics.Shed(reason);
        audit.Record("shed", "controller", mode.ToString(), "shed", Detail(reason));
    }

    private void Resume()
    {
        var reason = shed;
        shed = ShedReason.None;
        if (mode == ControllerMode.Auto)
        {
            bumplessPending = true;
        }

        audit.Record("resume", "controller", "shed", mode.ToString(), $"cause cleared ({ShedReasonNames.Of(reason)})"
            + (mode == ControllerMode.Auto && handshake ? "; PLC permissive granted again" : string.Empty));
    }

    private void ApplyModeRequest()
    {
        ControllerMode next;
        lock (requestLock)
        {
            if (requestedMode is not { } requested)
            {
                return;
            }

            next = requested;
            requestedMode = null;
        }

        if (next == mode)
        {
            return;
        }

        if (next == ControllerMode.Auto)
        {
            // Entering Auto: fresh intervention window, and the first write holds the current value.
            shield.Reset();
            bumplessPending = true;
            if (handshake)
            {
                // The permissive is already granted (checked at the request), so no new edge is needed.
                sawPermissiveLow = true;
            }
        }

        mode = next;
        metrics.Mode(next);
        LogModeApplied(logger, next);
    }

    private void ApplyPolicyChange()
    {
        if (policies.ApplyPending() is not { } change)
        {
            return;
        }

        audit.Record(change.Refused ? "policy-refused" : change.Kind, change.Who, change.From, change.To, change.Why);
        if (!change.Refused)
        {
            MapGuides(policies.Active);
        }

        if (!change.Refused && policies.Active is { } active)
        {
            shield.SetEnvelope(active.Champion.Package.Manifest);
            policyId = active.Members.Count == 1 ? active.Champion.Package.Manifest.PolicyId
                : $"{active.Rule.ToString().ToLowerInvariant()}:{string.Join("+", active.Members.Select(m => m.Package.Manifest.PolicyId))}";
            policyVersion = active.Champion.Package.Manifest.Version;
        }
    }

    private void StartRow(DateTimeOffset now, bool stale)
    {
        var row = writer.Rent();
        row.PolicyId = mode == ControllerMode.Off || policies.Active is null ? "plant" : policyId;
        row.PolicyVersion = mode == ControllerMode.Off ? 0 : policyVersion;
        row.Episode = episode;
        row.Step = step++;
        row.TimestampUtc = now;
        snapshot.Observations.CopyTo(row.Observation, 0);
        proposed.CopyTo(row.Proposed, 0);
        applied.CopyTo(row.Applied, 0);
        row.Mode = ShedReasonNames.Of(mode);
        var flags = TransitionFlags.None;
        if (shed != ShedReason.None)
        {
            flags |= TransitionFlags.Shed;
        }

        if (stale)
        {
            flags |= TransitionFlags.StaleInput;
        }

        for (var i = 0; i < interventions.Count; i++)
        {
            row.Interventions.Add(interventions[i]);
            if (interventions[i].Unit.Contains("Support", StringComparison.OrdinalIgnoreCase))
            {
                flags |= TransitionFlags.OutOfSupport;
            }
        }

        row.Flags = flags;
        pendingRow = row;
    }

    private void CompletePendingRow(ReadOnlySpan<double> next)
    {
        if (pendingRow is not { } row)
        {
            return;
        }

        next.CopyTo(row.NextObservation);
        row.HasNext = true;
        var reward = 0.0;
        for (var i = 0; i < rewardIndex.Length; i++)
        {
            row.RewardComponents[i] = next[rewardIndex[i]];
            reward += rewardWeight[i] * next[rewardIndex[i]];
        }

        row.Reward = reward;
        Enqueue(row);
    }

    private void EndEpisode()
    {
        if (pendingRow is { } row)
        {
            row.Flags |= TransitionFlags.EpisodeEnd;
            Enqueue(row);
            episode++;
            step = 0;
        }

        history.Reset();
    }

    private void Enqueue(CycleRow row)
    {
        pendingRow = null;
        if (!writer.TryEnqueue(row))
        {
            writer.Return(row);
            LogRowDropped(logger, row.Episode, row.Step);
            Trip(ShedReason.LogLag);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mode {Mode} in force")]
    private static partial void LogModeApplied(ILogger logger, ControllerMode mode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Transition queue full: step {Episode}/{Step} dropped")]
    private static partial void LogRowDropped(ILogger logger, long episode, long step);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutting down with {Lag} transitions not yet stored")]
    private static partial void LogFlushIncomplete(ILogger logger, long lag);
}
