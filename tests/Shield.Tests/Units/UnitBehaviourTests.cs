using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Prediction;
using static IndustrialSafeRL.Shield.Tests.ShieldSetups;

namespace IndustrialSafeRL.Shield.Tests.Units;

/// <summary>Each unit's reason appears exactly when that unit intervenes, with the right before/after values.</summary>
public sealed class UnitBehaviourTests
{
    private static readonly double[] Current = [50, 50, 50];

    [Fact]
    public void A_safe_action_passes_with_no_interventions()
    {
        var (verdict, action, result) = Decide(Absolute(), Observation(), [55, 45, 50], Current);
        Assert.Equal(ShieldVerdict.Pass, verdict);
        Assert.Equal(0, result.Count);
        Assert.Equal([55, 45, 50], action);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_values_anywhere_shed_and_name_the_value(double bad)
    {
        var shield = Absolute(WideEnvelope([5, 5, 5]));
        var obs = Observation();
        obs[4] = bad;
        var r1 = Decide(shield, obs, [50, 50, 50], Current);
        Assert.Equal(ShieldVerdict.Shed, r1.Verdict);
        Assert.Contains(r1.Result.Interventions.ToArray(), i => i is { Code: ShieldReasonCode.NonFiniteObservation, ObservationIndex: 4 });

        var r2 = Decide(shield, Observation(), [50, bad, 50], Current);
        Assert.Equal(ShieldVerdict.Shed, r2.Verdict);
        Assert.Contains(r2.Result.Interventions.ToArray(), i => i is { Code: ShieldReasonCode.NonFiniteProposedAction, ActionIndex: 1 });
        Assert.Equal(Current, r2.Action); // hold = the plant's current values, finite

        var r3 = Decide(shield, Observation(), [50, 50, 50], [50, 50, bad]);
        Assert.Equal(ShieldVerdict.Shed, r3.Verdict);
        Assert.Contains(r3.Result.Interventions.ToArray(), i => i is { Code: ShieldReasonCode.NonFiniteCurrentValue, ActionIndex: 2 });
        Assert.True(r3.Action.All(double.IsFinite));

        var r4 = Decide(shield, Observation(), [50, 50, 50], Current, guide: [bad, 50, 50]);
        Assert.Equal(ShieldVerdict.Shed, r4.Verdict);
        Assert.Contains(r4.Result.Interventions.ToArray(), i => i is { Code: ShieldReasonCode.NonFiniteGuideAction, ActionIndex: 0 });
    }

    [Fact]
    public void Stale_input_sheds()
    {
        var (verdict, _, result) = Decide(Absolute(), Observation(), [50, 50, 50], Current, stale: true);
        Assert.Equal(ShieldVerdict.Shed, verdict);
        Assert.Equal([ShieldReasonCode.StaleInput], Codes(result));
    }

    [Fact]
    public void Plant_outside_engineering_limits_sheds_and_reports_a_hold_inside_them()
    {
        var (verdict, action, result) = Decide(Absolute(), Observation(), [50, 50, 50], [120, 50, 50]);
        Assert.Equal(ShieldVerdict.Shed, verdict);
        Assert.Contains(ShieldReasonCode.CurrentOutsideEngineeringLimits, Codes(result));
        Assert.Equal(100, action[0]);
    }

    [Fact]
    public void Operator_limits_clamp_exactly_when_exceeded()
    {
        var inside = Decide(Absolute(), Observation(), [88, 12, 50], [85, 15, 50]);
        Assert.Equal(0, inside.Result.Count);

        var (verdict, action, result) = Decide(Absolute(), Observation(), [92, 8, 50], [85, 15, 50]);
        Assert.Equal(ShieldVerdict.Modified, verdict);
        Assert.Equal([90, 10, 50], action);
        Assert.Equal(
            [new ShieldIntervention(ShieldUnitKind.OperatorLimits, ShieldReasonCode.AboveOperatorMax, 0, -1, 92, 90),
             new ShieldIntervention(ShieldUnitKind.OperatorLimits, ShieldReasonCode.BelowOperatorMin, 1, -1, 8, 10)],
            result.Interventions.ToArray());
    }

    [Fact]
    public void Move_limit_applies_relative_to_the_plant_value()
    {
        var atLimit = Decide(Absolute(), Observation(), [60, 40, 50], Current);
        Assert.Equal(0, atLimit.Result.Count);

        var (_, action, result) = Decide(Absolute(), Observation(), [61, 39, 50], Current);
        Assert.Equal([60, 40, 50], action);
        Assert.Equal([ShieldReasonCode.MoveUpLimited, ShieldReasonCode.MoveDownLimited], Codes(result));
        Assert.All(result.Interventions.ToArray(), i => Assert.Equal(ShieldUnitKind.MoveLimit, i.Unit));
    }

    [Fact]
    public void Bumpless_holding_the_plant_value_passes_even_outside_operator_limits_and_moves_back_at_the_move_rate()
    {
        // Operator max is 90; the plant sits at 95 (for example after the operator narrowed the limits).
        var hold = Decide(Absolute(), Observation(), [95, 50, 50], [95, 50, 50]);
        Assert.Contains(ShieldReasonCode.AboveOperatorMax, Codes(hold.Result)); // lowered to 90 (within the move limit)
        Assert.Equal(90, hold.Action[0]);

        var (_, action, result) = Decide(Absolute(), Observation(), [99, 50, 50], [100, 50, 50]);
        Assert.Equal(90, action[0]);
        Assert.Equal([ShieldReasonCode.AboveOperatorMax], Codes(result));
    }

    [Fact]
    public void Look_ahead_keeps_the_predicted_state_inside_the_support()
    {
        var envelope = new PolicyEnvelope("p", [0, 40, 0, 0, 0, 0], [100, 55, 100, 100, 1000, 1000]);
        var shield = new ActionShield(IndustrialBenchmarkOptions(), envelope, new IndustrialBenchmarkKinematics());
        var obs = Observation(); // v = 50

        var inside = Decide(shield, obs, [0.5, 0, 0], [0, 0, 0]);
        Assert.Equal(ShieldVerdict.Pass, inside.Verdict);

        // v = 54.5 + 1 would reach 55.5 > 55: the velocity delta is lowered to 0.5.
        obs[1] = 54.5;
        var (verdict, action, result) = Decide(shield, obs, [1, 0, 0], [0, 0, 0]);
        Assert.Equal(ShieldVerdict.Modified, verdict);
        Assert.Equal(0.5, action[0], 12);
        var i = Assert.Single(result.Interventions.ToArray());
        Assert.Equal((ShieldUnitKind.LookAhead, ShieldReasonCode.PredictedAboveSupport, 0, 1), (i.Unit, i.Code, i.ActionIndex, i.ObservationIndex));

        // Below the lower bound: raised.
        obs[1] = 40.2;
        var low = Decide(shield, obs, [-1, 0, 0], [0, 0, 0]);
        Assert.Equal(-0.2, low.Action[0], 12);
        Assert.Equal([ShieldReasonCode.PredictedBelowSupport], Codes(low.Result));
    }

    [Fact]
    public void Look_ahead_takes_the_least_violating_action_when_no_action_keeps_the_state_inside()
    {
        // v = 57 with support [40, 55] (inside the guard's 10 % margin): even −1 leaves v at 56.
        var envelope = new PolicyEnvelope("p", [0, 40, 0, 0, 0, 0], [100, 55, 100, 100, 1000, 1000]);
        var shield = new ActionShield(IndustrialBenchmarkOptions(), envelope, new IndustrialBenchmarkKinematics());
        var obs = Observation();
        obs[1] = 56.4;
        var (verdict, action, result) = Decide(shield, obs, [0.3, 0, 0], [0, 0, 0]);
        Assert.Equal(ShieldVerdict.Modified, verdict);
        Assert.Equal(-1, action[0]);
        Assert.Equal([ShieldReasonCode.PredictedOutsideSupportUnavoidable], Codes(result));
    }

    [Fact]
    public void Guide_deviation_is_bounded_only_when_a_guide_is_given()
    {
        var shield = Absolute(WideEnvelope([2, 2, 2]));
        var noGuide = Decide(shield, Observation(), [58, 50, 50], Current);
        Assert.Equal(ShieldVerdict.Pass, noGuide.Verdict);

        var within = Decide(shield, Observation(), [52, 48, 50], Current, guide: [50, 50, 50]);
        Assert.Equal(ShieldVerdict.Pass, within.Verdict);

        var (_, action, result) = Decide(shield, Observation(), [58, 41, 50], Current, guide: [50, 50, 50]);
        Assert.Equal([52, 48, 50], action);
        Assert.Equal([ShieldReasonCode.AboveGuideBound, ShieldReasonCode.BelowGuideBound], Codes(result));
        Assert.All(result.Interventions.ToArray(), i => Assert.Equal(ShieldUnitKind.GuideDeviation, i.Unit));
    }

    [Fact]
    public void Guide_bound_widens_outside_the_guide_confidence_box()
    {
        // Velocity (observation 1) trusted in [40, 60]; λ falls to 0 at 30 and 70; where λ = 0 the bound is 10.
        var envelope = WideEnvelope([2, 2, 2]) with { GuideConfidence = new GuideConfidenceBox([1], [40], [60], [10], [10, 10, 10]) };
        var shield = Absolute(envelope);
        double[] guide = [50, 50, 50];
        double[] At(double velocity) => [70, velocity, 50, 50, 100, 200];

        var inside = Decide(shield, At(50), [58, 41, 50], Current, guide);
        Assert.Equal([52, 48, 50], inside.Action);
        Assert.Equal([ShieldReasonCode.AboveGuideBound, ShieldReasonCode.BelowGuideBound], Codes(inside.Result));

        // λ = 0.5 on the ramp: bound 0.5·2 + 0.5·10 = 6.
        var ramp = Decide(shield, At(35), [58, 41, 50], Current, guide);
        Assert.Equal([56, 44, 50], ramp.Action);

        // λ = 0 beyond the ramp: the free policy's bound (here 10) only.
        var outside = Decide(shield, At(75), [58, 41, 50], Current, guide);
        Assert.Equal(ShieldVerdict.Pass, outside.Verdict);
        Assert.Equal([58, 41, 50], outside.Action);

        Assert.Contains("needs a GuideDeviationBound", Assert.Throws<ArgumentException>(() =>
            shield.SetEnvelope(WideEnvelope() with { GuideConfidence = new GuideConfidenceBox([1], [40], [60], [10], [10, 10, 10]) })).Message, StringComparison.Ordinal);
        Assert.Contains("reads observation 6", Assert.Throws<ArgumentException>(() =>
            shield.SetEnvelope(WideEnvelope([2, 2, 2]) with { GuideConfidence = new GuideConfidenceBox([6], [40], [60], [10], [10, 10, 10]) })).Message, StringComparison.Ordinal);
        Assert.Contains("Ramp[0]", Assert.Throws<ArgumentException>(() => new GuideConfidenceBox([1], [40], [60], [0], [10, 10, 10])).Message, StringComparison.Ordinal);
        Assert.Contains("Low[0]", Assert.Throws<ArgumentException>(() => new GuideConfidenceBox([1], [60], [40], [1], [10, 10, 10])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_support_guard_fires_beyond_the_margin_only()
    {
        // Support of f is [0, 1000]; margin 10 % → the guard fires above 1100.
        var obs = Observation();
        obs[4] = 1099;
        Assert.Equal(ShieldVerdict.Pass, Decide(Absolute(), obs, [50, 50, 50], Current).Verdict);

        obs[4] = 1101;
        var (verdict, action, result) = Decide(Absolute(), obs, [55, 50, 50], Current);
        Assert.Equal(ShieldVerdict.Shed, verdict);
        Assert.Contains(result.Interventions.ToArray(), i => i is { Code: ShieldReasonCode.StateOutsideSupport, ObservationIndex: 4, Before: 1101 });
        Assert.Equal(Current, action);
    }

    [Fact]
    public void Data_support_guard_can_hold_instead_of_shedding()
    {
        var obs = Observation();
        obs[5] = -200;
        var (verdict, action, result) = Decide(Absolute(outOfSupport: OutOfSupportBehaviour.Hold), obs, [55, 50, 50], Current);
        Assert.Equal(ShieldVerdict.Hold, verdict);
        Assert.Equal(Current, action);
        Assert.Equal([ShieldReasonCode.StateOutsideSupport, ShieldReasonCode.HeldOutsideSupport], Codes(result));

        // Increment actuators hold by writing 0.
        var ib = new ActionShield(new ShieldOptions
        {
            Actuators = IndustrialBenchmarkOptions().Actuators,
            OutOfSupport = OutOfSupportBehaviour.Hold,
        }, WideEnvelope());
        var held = Decide(ib, obs, [0.5, -0.5, 1], [0.2, 0.2, 0.2]);
        Assert.Equal([0, 0, 0], held.Action);
    }

    [Fact]
    public void Hard_clamp_catches_what_a_later_unit_pushed_outside_the_limits()
    {
        // The guide sits far above the plant: the guide unit raises the action beyond the move limit,
        // and the final clamp pulls it back.
        var shield = Absolute(WideEnvelope([1, 1, 1]));
        var (verdict, action, result) = Decide(shield, Observation(), [50, 50, 50], Current, guide: [80, 50, 50]);
        Assert.Equal(ShieldVerdict.Modified, verdict);
        Assert.Equal(60, action[0]);
        Assert.Equal(
            [new ShieldIntervention(ShieldUnitKind.GuideDeviation, ShieldReasonCode.BelowGuideBound, 0, -1, 50, 79),
             new ShieldIntervention(ShieldUnitKind.HardClamp, ShieldReasonCode.ClampedToMoveLimit, 0, -1, 79, 60)],
            result.Interventions.ToArray());
    }

    [Fact]
    public void Hard_clamp_enforces_engineering_limits_when_the_look_ahead_pushes_beyond_them()
    {
        // Support for v demands at least +3 (v = 10, lo = 13): the IB action range [−1, 1] cannot reach it.
        var envelope = new PolicyEnvelope("p", [0, 13, 0, 0, 0, 0], [100, 100, 100, 100, 1000, 1000]);
        var options = IndustrialBenchmarkOptions();
        options.Actuators[0].Min = -0.5;
        options.Actuators[0].Max = 0.5;
        options.DataSupportMargin = 1;
        var shield = new ActionShield(options, envelope, new IndustrialBenchmarkKinematics());
        var obs = Observation();
        obs[1] = 10;
        var (_, action, result) = Decide(shield, obs, [0, 0, 0], [0, 0, 0]);
        Assert.Equal(0.5, action[0]);
        Assert.Equal(
            [new ShieldIntervention(ShieldUnitKind.LookAhead, ShieldReasonCode.PredictedOutsideSupportUnavoidable, 0, 1, 0, 1),
             new ShieldIntervention(ShieldUnitKind.HardClamp, ShieldReasonCode.ClampedToEngineeringMax, 0, -1, 1, 0.5)],
            result.Interventions.ToArray());
    }

    [Fact]
    public void Explanations_name_unit_reason_actuator_and_values()
    {
        var (_, _, result) = Decide(Absolute(), Observation(), [95, 50, 50], [85, 50, 50]);
        var text = result.Explain(Tags);
        Assert.Contains("Modified", text, StringComparison.Ordinal);
        Assert.Contains("[2 OperatorLimits] AboveOperatorMax: velocity 95 → 90: above the operator maximum", text, StringComparison.Ordinal);
        foreach (var code in Enum.GetValues<ShieldReasonCode>())
        {
            Assert.NotEqual("unknown reason", ShieldReasons.Text(code));
        }
    }

    [Fact]
    public void Wrong_input_lengths_are_refused_naming_the_field()
    {
        var shield = Absolute();
        var ex = Assert.Throws<ArgumentException>(() => Decide(shield, [1, 2, 3], [50, 50, 50], Current));
        Assert.Contains("input.Observation: has 3 values, the shield expects 6", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => Decide(shield, Observation(), [50, 50, 50], Current, guide: [1]));
        Assert.Contains("input.GuideAction", ex.Message, StringComparison.Ordinal);
    }
}
