using FsCheck.Xunit;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Prediction;

namespace IndustrialSafeRL.Shield.Tests.Properties;

/// <summary>
/// The shield's guarantees, each checked over 100,000 random cases (DESIGN §6). A failing case prints its seed
/// and every value, so it can be replayed with <see cref="ShieldCase.Random"/>.
/// </summary>
[Properties(Arbitrary = [typeof(ShieldArbitraries)], MaxTest = Cases, QuietOnSuccess = true)]
public sealed class ShieldProperties
{
    private const int Cases = 100_000;

    [Property]
    public bool Output_is_inside_the_hard_and_move_limits_and_every_change_has_a_reason(ShieldCase c)
    {
        var (verdict, action, result) = Run(c, c.Proposed);
        for (var i = 0; i < ShieldCase.Actions; i++)
        {
            var limits = c.Limits(i);
            var current = c.Current[i];
            if (!(action[i] >= limits.Min && action[i] <= limits.Max))
            {
                return false;
            }

            var plantInside = double.IsFinite(current) && current >= limits.Min && current <= limits.Max;
            if (plantInside && !(action[i] >= current - limits.MaxMovePerCycle && action[i] <= current + limits.MaxMovePerCycle))
            {
                return false;
            }

            if (!ChangesExplained(c.Proposed[i], action[i], i, result))
            {
                return false;
            }
        }

        // Pass exactly when nothing intervened, and then the action is the proposal itself.
        return (verdict == ShieldVerdict.Pass) == (result.Count == 0)
               && (verdict != ShieldVerdict.Pass || action.AsSpan().SequenceEqual(c.Proposed))
               && (!c.Stale || verdict == ShieldVerdict.Shed)
               && !result.Truncated;
    }

    [Property]
    public bool The_look_ahead_keeps_the_predicted_state_inside_the_support_unless_a_later_limit_or_no_action_can(ShieldCase c)
    {
        var (verdict, action, result) = Run(c, c.Proposed);
        if (verdict is ShieldVerdict.Shed or ShieldVerdict.Hold || c.Guide is not null && c.Envelope.GuideDeviationBound is not null)
        {
            return true; // the guide bound or a shed/hold may override the look-ahead by design
        }

        foreach (var i in result.Interventions)
        {
            if (i.Unit == ShieldUnitKind.HardClamp)
            {
                return true; // the hard limits win over the support by design
            }
        }

        var window = new ActionInterval[ShieldCase.Actions];
        ShieldCase.Kinematics.ActionWindow(c.Observation, [.. c.Envelope.Lo], [.. c.Envelope.Hi], window);
        if (window.Any(w => !w.Feasible))
        {
            return true; // no action keeps this dimension inside: covered by the unavoidable-reason unit test
        }

        var predicted = new double[ShieldCase.Dims];
        ShieldCase.Kinematics.Predict(c.Observation, action, predicted);
        for (var d = 1; d <= 3; d++)
        {
            var slack = 1e-9 * (1 + Math.Abs(predicted[d]));
            if (predicted[d] < c.Envelope.Lo[d] - slack || predicted[d] > c.Envelope.Hi[d] + slack)
            {
                return false;
            }
        }

        return true;
    }

    [Property]
    public bool Shielding_twice_equals_shielding_once(ShieldCase c)
    {
        var shield = c.Build();
        var result = shield.CreateResult();
        var once = new double[ShieldCase.Actions];
        var twice = new double[ShieldCase.Actions];
        shield.Decide(Input(c, c.Proposed), once, result);
        shield.Decide(Input(c, once), twice, result);
        return once.AsSpan().SequenceEqual(twice);
    }

    [Property]
    public bool An_already_safe_action_passes_unchanged(SafeCase s)
    {
        var (verdict, action, result) = Run(s.Case, s.Case.Proposed);
        return verdict == ShieldVerdict.Pass && result.Count == 0 && action.AsSpan().SequenceEqual(s.Case.Proposed);
    }

    [Property]
    public bool A_non_finite_value_anywhere_or_a_stale_input_sheds(FaultCase f)
    {
        var c = f.Case;
        double[] observation = [.. c.Observation], proposed = [.. c.Proposed], current = [.. c.Current];
        var guide = c.Guide is null ? null : (double[])c.Guide.Clone();
        var stale = false;
        var w = f.Where;
        ShieldReasonCode expected;
        int index;
        if (w < ShieldCase.Dims)
        {
            (observation[w], expected, index) = (f.Value, ShieldReasonCode.NonFiniteObservation, w);
        }
        else if ((w -= ShieldCase.Dims) < ShieldCase.Actions)
        {
            (proposed[w], expected, index) = (f.Value, ShieldReasonCode.NonFiniteProposedAction, w);
        }
        else if ((w -= ShieldCase.Actions) < ShieldCase.Actions)
        {
            (current[w], expected, index) = (f.Value, ShieldReasonCode.NonFiniteCurrentValue, w);
        }
        else if ((w -= ShieldCase.Actions) < ShieldCase.Actions)
        {
            guide ??= [.. proposed];
            (guide[w], expected, index) = (f.Value, ShieldReasonCode.NonFiniteGuideAction, w);
        }
        else
        {
            (stale, expected, index) = (true, ShieldReasonCode.StaleInput, -1);
        }

        var shield = c.Build();
        var result = shield.CreateResult();
        var action = new double[ShieldCase.Actions];
        var verdict = shield.Decide(new ShieldInput(observation, proposed, current) { GuideAction = guide, IsStale = stale }, action, result);

        var named = false;
        foreach (var i in result.Interventions)
        {
            named |= i.Code == expected &&
                     (expected == ShieldReasonCode.StaleInput ||
                      (expected == ShieldReasonCode.NonFiniteObservation ? i.ObservationIndex : i.ActionIndex) == index);
        }

        var inside = true;
        for (var i = 0; i < ShieldCase.Actions; i++)
        {
            inside &= action[i] >= c.Limits(i).Min && action[i] <= c.Limits(i).Max;
        }

        return verdict == ShieldVerdict.Shed && named && inside;
    }

    [Property]
    public bool Repeated_interventions_within_the_window_shed_until_reset(WindowCase w)
    {
        var random = new Random(w.Seed);
        var shield = new ActionShield(new ShieldOptions
        {
            Actuators = [new ActuatorLimits { Tag = "a", Min = 0, Max = 10 }, new ActuatorLimits { Tag = "b", Min = 0, Max = 10 }],
            InterventionWindowCycles = w.Window,
            MaxInterventionsInWindow = w.MaxInWindow,
        }, new Envelope.PolicyEnvelope("w", [0], [1]));
        var result = shield.CreateResult();
        var action = new double[2];
        double[] observation = [0.5], current = [5, 5], safe = [6, 4], unsafeAction = [11, 4];

        var recent = new Queue<bool>();
        var latched = false;
        for (var step = 0; step < (3 * w.Window) + 5; step++)
        {
            var intervene = random.NextDouble() < w.InterventionProbability;
            var verdict = shield.Decide(new ShieldInput(observation, intervene ? unsafeAction : safe, current), action, result);

            recent.Enqueue(intervene);
            if (recent.Count > w.Window)
            {
                recent.Dequeue();
            }

            latched |= recent.Count(x => x) >= w.MaxInWindow;
            var expected = latched ? ShieldVerdict.Shed : intervene ? ShieldVerdict.Modified : ShieldVerdict.Pass;
            if (verdict != expected || latched != result.Has(ShieldReasonCode.RepeatedInterventions) || latched != shield.IsLatched)
            {
                return false;
            }
        }

        shield.Reset();
        return shield.Decide(new ShieldInput(observation, safe, current), action, result) == ShieldVerdict.Pass;
    }

    private static ShieldInput Input(ShieldCase c, double[] proposed) =>
        new(c.Observation, proposed, c.Current) { GuideAction = c.Guide, IsStale = c.Stale };

    private static (ShieldVerdict Verdict, double[] Action, ShieldResult Result) Run(ShieldCase c, double[] proposed)
    {
        var shield = c.Build();
        var result = shield.CreateResult();
        var action = new double[ShieldCase.Actions];
        var verdict = shield.Decide(Input(c, proposed), action, result);
        return (verdict, action, result);
    }

    // The interventions on one action component must chain from the proposal to the final value:
    // each starts where the previous ended, so every change is accounted for by a named unit.
    private static bool ChangesExplained(double proposed, double final, int index, ShieldResult result)
    {
        var value = proposed;
        foreach (var i in result.Interventions)
        {
            if (i.ActionIndex != index || IsNote(i.Code))
            {
                continue;
            }

            if (!Same(i.Before, value))
            {
                return false;
            }

            value = i.After;
        }

        return Same(value, final);
    }

    // Input findings name an action component but do not change it.
    private static bool IsNote(ShieldReasonCode code) => code is ShieldReasonCode.NonFiniteProposedAction
        or ShieldReasonCode.NonFiniteCurrentValue or ShieldReasonCode.NonFiniteGuideAction
        or ShieldReasonCode.CurrentOutsideEngineeringLimits;

    private static bool Same(double a, double b) => a.Equals(b); // NaN equals NaN here
}
