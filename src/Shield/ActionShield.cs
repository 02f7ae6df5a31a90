using System.Globalization;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Limits;
using IndustrialSafeRL.Shield.Prediction;
using IndustrialSafeRL.Shield.Units;

namespace IndustrialSafeRL.Shield;

/// <summary>
/// The ordered, explainable shield: turns a proposed action into a safe one through fixed units
/// (input validation, operator limits, move limit, look-ahead, guide deviation, data-support guard, repeated
/// interventions, final hard clamp). <see cref="Decide"/> allocates nothing; call it from one control loop
/// at a time. <see cref="SetOperatorLimits"/> and <see cref="SetEnvelope"/> may be called from any thread:
/// they publish whole snapshots, so a decision sees either the old or the new set, never a mix.
/// </summary>
public sealed class ActionShield
{
    private readonly int maxInterventionsInWindow;
    private readonly double dataSupportMargin;
    private readonly EngineeringLimits engineering;
    private readonly TimeProvider time;
    private readonly ShieldUnit[] correctiveUnits;
    private readonly ShieldUnit inputValidation = new InputValidationUnit();
    private readonly ShieldUnit hardClamp = new HardClampUnit();
    private readonly InterventionWindow window;
    private readonly double[] hold;
    private readonly Lock publishLock = new();
    private readonly List<OperatorLimitsAuditEntry> audit = [];
    private OperatorLimitsSnapshot operatorLimits;
    private EnvelopeSnapshot envelope;
    private bool latched;

    /// <summary>Creates a shield from validated options and the active policy's envelope.</summary>
    /// <param name="options">Shield options; invalid options throw an <see cref="ArgumentException"/> naming each field.</param>
    /// <param name="envelope">The active policy's data-support bounds and guide bound.</param>
    /// <param name="predictor">One-step predictor for the look-ahead unit; null skips the look-ahead.</param>
    /// <param name="timeProvider">Clock for audit entries; default <see cref="TimeProvider.System"/>.</param>
    public ActionShield(ShieldOptions options, PolicyEnvelope envelope, IStatePredictor? predictor = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(envelope);
        options.ThrowIfInvalid();
        // Copied: options objects stay mutable after binding, the running shield must not.
        maxInterventionsInWindow = options.MaxInterventionsInWindow;
        dataSupportMargin = options.DataSupportMargin;
        engineering = new EngineeringLimits(options.Actuators);
        time = timeProvider ?? TimeProvider.System;
        ObservationLength = envelope.ObservationLength;
        CheckEnvelope(envelope);
        this.envelope = new EnvelopeSnapshot(envelope, options.DataSupportMargin);
        correctiveUnits =
        [
            new OperatorLimitUnit(),
            new MoveLimitUnit(),
            new LookAheadUnit(predictor, ActionCount),
            new GuideDeviationUnit(),
            new DataSupportGuardUnit(options.OutOfSupport),
        ];
        window = new InterventionWindow(options.InterventionWindowCycles);
        hold = new double[ActionCount];
        var initial = new OperatorLimits(
            [.. options.Actuators.Select(a => a.OperatorMin ?? a.Min)],
            [.. options.Actuators.Select(a => a.OperatorMax ?? a.Max)]);
        operatorLimits = new OperatorLimitsSnapshot(1, initial);
    }

    /// <summary>Number of action components (actuators).</summary>
    public int ActionCount => engineering.Count;

    /// <summary>Length of the observation vector the shield sees.</summary>
    public int ObservationLength { get; }

    /// <summary>Action tags in action order.</summary>
    public IReadOnlyList<string> ActionTags => engineering.Tags;

    /// <summary>The operator limits in force.</summary>
    public OperatorLimits OperatorLimits => Volatile.Read(ref operatorLimits).Limits;

    /// <summary>Version of the operator limits in force (1 = as configured).</summary>
    public long OperatorLimitsVersion => Volatile.Read(ref operatorLimits).Version;

    /// <summary>The envelope in force.</summary>
    public PolicyEnvelope Envelope => Volatile.Read(ref envelope).Envelope;

    /// <summary>True after repeated interventions shed the shield; every decision sheds until <see cref="Reset"/>.</summary>
    public bool IsLatched => latched;

    /// <summary>Decisions with interventions within the current window.</summary>
    public int InterventionsInWindow => window.Count;

    /// <summary>Every operator-limit change so far, oldest first (a copy).</summary>
    public IReadOnlyList<OperatorLimitsAuditEntry> AuditTrail
    {
        get
        {
            lock (publishLock)
            {
                return [.. audit];
            }
        }
    }

    /// <summary>A result object sized for this shield; create once and reuse for every decision.</summary>
    public ShieldResult CreateResult() => new((10 * ActionCount) + (2 * ObservationLength) + 4);

    /// <summary>
    /// One decision. Writes the final action into <paramref name="action"/> and the verdict and interventions into
    /// <paramref name="result"/>; returns the verdict. On <see cref="ShieldVerdict.Shed"/> the action holds the
    /// clamped hold action for logging only: the host must not write it.
    /// </summary>
    public ShieldVerdict Decide(in ShieldInput input, Span<double> action, ShieldResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        CheckLengths(input, action);
        var limits = Volatile.Read(ref operatorLimits);
        var env = Volatile.Read(ref envelope);
        result.Clear();
        result.OperatorLimitsVersion = limits.Version;
        result.PolicyId = env.Envelope.PolicyId;
        input.ProposedAction.CopyTo(action);
        ComputeHold(input.CurrentActuators);

        var frame = new ShieldFrame
        {
            Observation = input.Observation,
            Proposed = input.ProposedAction,
            Current = input.CurrentActuators,
            Guide = input.GuideAction,
            Stale = input.IsStale,
            Action = action,
            Hold = hold,
            Engineering = engineering,
            Operator = limits.Limits,
            Envelope = env,
            Result = result,
        };

        inputValidation.Apply(ref frame);
        if (!frame.Shed)
        {
            foreach (var unit in correctiveUnits)
            {
                unit.Apply(ref frame);
                if (frame.Shed)
                {
                    break;
                }
            }
        }

        // A shed decision is not a correction of the policy, so it does not feed the window.
        window.Record(!frame.Shed && result.Count > 0);
        if (!latched && window.Count >= maxInterventionsInWindow)
        {
            latched = true;
        }

        if (latched)
        {
            frame.Note(ShieldUnitKind.InterventionWindow, ShieldReasonCode.RepeatedInterventions, -1, window.Count);
            frame.ShedFrom(ShieldUnitKind.InterventionWindow);
        }

        if (frame.Shed)
        {
            frame.ReplaceWithHold(frame.ShedBy, ShieldReasonCode.ShedToHold);
        }

        hardClamp.Apply(ref frame);

        result.Verdict = frame.Shed ? ShieldVerdict.Shed
            : frame.Held ? ShieldVerdict.Hold
            : result.Count > 0 ? ShieldVerdict.Modified
            : ShieldVerdict.Pass;
        return result.Verdict;
    }

    /// <summary>
    /// Changes the operator limits at run time: validates them inside the engineering limits, records an audit
    /// entry (who, when, old, new, why) and publishes them atomically. Throws <see cref="ArgumentException"/>
    /// naming the actuator and field at fault, leaving the limits in force unchanged.
    /// </summary>
    public OperatorLimitsAuditEntry SetOperatorLimits(OperatorLimits limits, string user, string reason)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        CheckOperatorLimits(limits);
        lock (publishLock)
        {
            var old = operatorLimits;
            var next = new OperatorLimitsSnapshot(old.Version + 1, limits);
            var entry = new OperatorLimitsAuditEntry(next.Version, time.GetUtcNow(), user, reason, old.Limits, limits);
            audit.Add(entry);
            Volatile.Write(ref operatorLimits, next);
            return entry;
        }
    }

    /// <summary>Swaps in the envelope of a newly activated policy package, atomically.</summary>
    public void SetEnvelope(PolicyEnvelope next)
    {
        ArgumentNullException.ThrowIfNull(next);
        CheckEnvelope(next);
        Volatile.Write(ref envelope, new EnvelopeSnapshot(next, dataSupportMargin));
    }

    /// <summary>
    /// Clears the intervention window and the repeated-intervention latch. Call from the control loop when
    /// (re-)entering Auto, after the operator has dealt with the cause.
    /// </summary>
    public void Reset()
    {
        window.Clear();
        latched = false;
    }

    private void ComputeHold(ReadOnlySpan<double> current)
    {
        for (var i = 0; i < hold.Length; i++)
        {
            var h = engineering.IsIncrement[i] ? 0.0 : current[i];
            // Without a usable current value, hold at zero inside the engineering limits; the final clamp
            // brings an out-of-range current value inside.
            hold[i] = double.IsFinite(h) ? h : Math.Clamp(0.0, engineering.Min[i], engineering.Max[i]);
        }
    }

    private void CheckLengths(in ShieldInput input, Span<double> action)
    {
        if (input.Observation.Length != ObservationLength)
        {
            ThrowLength("input.Observation", input.Observation.Length, ObservationLength);
        }

        if (input.ProposedAction.Length != ActionCount)
        {
            ThrowLength("input.ProposedAction", input.ProposedAction.Length, ActionCount);
        }

        if (input.CurrentActuators.Length != ActionCount)
        {
            ThrowLength("input.CurrentActuators", input.CurrentActuators.Length, ActionCount);
        }

        if (!input.GuideAction.IsEmpty && input.GuideAction.Length != ActionCount)
        {
            ThrowLength("input.GuideAction", input.GuideAction.Length, ActionCount);
        }

        if (action.Length != ActionCount)
        {
            ThrowLength("action", action.Length, ActionCount);
        }
    }

    private static void ThrowLength(string field, int actual, int expected) =>
        throw new ArgumentException($"{field}: has {actual} values, the shield expects {expected}");

    private void CheckEnvelope(PolicyEnvelope next)
    {
        if (next.ObservationLength != ObservationLength)
        {
            throw new ArgumentException(
                $"PolicyEnvelope({next.PolicyId}): has {next.ObservationLength} observation dimensions, the shield sees {ObservationLength}");
        }

        if (next.GuideDeviationBound is { } bound && bound.Count != ActionCount)
        {
            throw new ArgumentException(
                $"PolicyEnvelope({next.PolicyId}).GuideDeviationBound: has {bound.Count} values, the shield has {ActionCount} actions");
        }

        if (next.GuideConfidence is { } box)
        {
            if (next.GuideDeviationBound is null)
            {
                throw new ArgumentException($"PolicyEnvelope({next.PolicyId}).GuideConfidence: needs a GuideDeviationBound");
            }

            if (box.FreeBound.Count != ActionCount || box.MaxObservationIndex >= ObservationLength)
            {
                throw new ArgumentException(
                    $"PolicyEnvelope({next.PolicyId}).GuideConfidence: FreeBound has {box.FreeBound.Count} values for {ActionCount} actions and reads observation {box.MaxObservationIndex} of {ObservationLength}");
            }
        }
    }

    private void CheckOperatorLimits(OperatorLimits limits)
    {
        if (limits.Count != ActionCount)
        {
            throw new ArgumentException($"operator limits: have {limits.Count} actuators, the shield has {ActionCount}");
        }

        for (var i = 0; i < ActionCount; i++)
        {
            var tag = engineering.Tags[i];
            var min = limits.Min[i];
            var max = limits.Max[i];
            if (!double.IsFinite(min) || !double.IsFinite(max))
            {
                throw new ArgumentException($"operator limits: {tag}: Min ({Show(min)}) and Max ({Show(max)}) must be finite");
            }

            if (min > max)
            {
                throw new ArgumentException($"operator limits: {tag}: Min ({Show(min)}) > Max ({Show(max)})");
            }

            if (min < engineering.Min[i])
            {
                throw new ArgumentException(
                    $"operator limits: {tag}: Min ({Show(min)}) < engineering Min ({Show(engineering.Min[i])})");
            }

            if (max > engineering.Max[i])
            {
                throw new ArgumentException(
                    $"operator limits: {tag}: Max ({Show(max)}) > engineering Max ({Show(engineering.Max[i])})");
            }
        }
    }

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
