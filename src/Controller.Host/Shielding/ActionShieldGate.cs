using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Configuration;
using IndustrialSafeRL.Shield;
using IndustrialSafeRL.Shield.Configuration;
using IndustrialSafeRL.Shield.Envelope;
using IndustrialSafeRL.Shield.Explanations;
using IndustrialSafeRL.Shield.Prediction;

namespace IndustrialSafeRL.Controller.Host.Shielding;

/// <summary>
/// The project's ordered shield (<see cref="ActionShield"/>) behind the loop's <see cref="IShieldGate"/>. Maps a
/// package's data support and guide bound from its tags onto the plant's tag order, and turns the shield's
/// interventions into logged <see cref="Intervention"/>s (cached per unit, reason and actuator, so a steady cycle
/// allocates nothing).
/// </summary>
public sealed class ActionShieldGate : IShieldGate
{
    private readonly ActionShield shield;
    private readonly ShieldResult result;
    private readonly IReadOnlyList<string> observationTags;
    private readonly IReadOnlyList<string> actionTags;
    private readonly Dictionary<(ShieldUnitKind, ShieldReasonCode, int), Intervention> cache = [];

    /// <summary>Creates the shield with an unbounded envelope until the first package is activated.</summary>
    public ActionShieldGate(ShieldOptions options, ControllerOptions controller, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(controller);
        observationTags = [.. controller.Tags.Observations.Select(t => t.Name)];
        actionTags = [.. controller.Tags.Actuators.Select(t => t.Name)];
        var n = observationTags.Count;
        var unbounded = new PolicyEnvelope("none", [.. Enumerable.Repeat(double.NegativeInfinity, n)], [.. Enumerable.Repeat(double.PositiveInfinity, n)]);
        shield = new ActionShield(options, unbounded, Predictor(observationTags, actionTags), time);
        result = shield.CreateResult();
    }

    /// <summary>The wrapped shield (operator limits, audit trail of limit changes).</summary>
    public ActionShield Shield => shield;

    /// <summary>
    /// Shield options from the <c>Shield</c> section; without actuators there, the engineering limits come from
    /// <c>Controller:Tags:Actuators</c> (no move limit).
    /// </summary>
    public static ShieldOptions OptionsFor(ShieldOptions configured, ControllerOptions controller)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(controller);
        if (configured.Actuators.Count == 0)
        {
            configured.Actuators.AddRange(controller.Tags.Actuators.Select(a => new ActuatorLimits
            {
                Tag = a.Name,
                Min = a.Min,
                Max = a.Max,
                IsIncrement = a.Increment,
            }));
        }

        return configured;
    }

    /// <inheritdoc />
    public ShieldGateVerdict Decide(ReadOnlySpan<double> observation, ReadOnlySpan<double> proposed, ReadOnlySpan<double> current,
        bool stale, Span<double> action, List<Intervention> interventions) =>
        Decide(observation, proposed, current, ReadOnlySpan<double>.Empty, stale, action, interventions);

    /// <inheritdoc />
    public ShieldGateVerdict Decide(ReadOnlySpan<double> observation, ReadOnlySpan<double> proposed, ReadOnlySpan<double> current,
        ReadOnlySpan<double> guide, bool stale, Span<double> action, List<Intervention> interventions)
    {
        ArgumentNullException.ThrowIfNull(interventions);
        var verdict = shield.Decide(new ShieldInput(observation, proposed, current) { IsStale = stale, GuideAction = guide }, action, result);
        interventions.Clear();
        foreach (var i in result.Interventions)
        {
            var key = (i.Unit, i.Code, i.ActionIndex);
            if (!cache.TryGetValue(key, out var logged))
            {
                var target = i.ActionIndex >= 0 && i.ActionIndex < actionTags.Count ? $"{actionTags[i.ActionIndex]}: " : string.Empty;
                logged = new Intervention(i.Unit.ToString(), target + i.ReasonText);
                cache[key] = logged;
            }

            interventions.Add(logged);
        }

        return verdict switch
        {
            ShieldVerdict.Pass => ShieldGateVerdict.Pass,
            ShieldVerdict.Modified => ShieldGateVerdict.Modified,
            ShieldVerdict.Hold => ShieldGateVerdict.Hold,
            _ => ShieldGateVerdict.Shed,
        };
    }

    /// <inheritdoc />
    public void Reset() => shield.Reset();

    /// <inheritdoc />
    public void SetEnvelope(PolicyManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var lo = Enumerable.Repeat(double.NegativeInfinity, observationTags.Count).ToArray();
        var hi = Enumerable.Repeat(double.PositiveInfinity, observationTags.Count).ToArray();
        for (var k = 0; k < manifest.DataSupport.Tags.Count; k++)
        {
            var d = IndexOf(observationTags, manifest.DataSupport.Tags[k]);
            if (d >= 0)
            {
                lo[d] = manifest.DataSupport.Low[k];
                hi[d] = manifest.DataSupport.High[k];
            }
        }

        double[]? guide = null;
        GuideConfidenceBox? confidence = null;
        if (manifest.Guide is { } g)
        {
            // Per plant action: the bound where the guide is trusted and (with a confidence box) the action's full
            // range, the bound where λ = 0.
            guide = new double[actionTags.Count];
            var free = new double[actionTags.Count];
            Array.Fill(guide, double.PositiveInfinity);
            Array.Fill(free, double.PositiveInfinity);
            for (var k = 0; k < manifest.Action.Tags.Count; k++)
            {
                var a = IndexOf(actionTags, manifest.Action.Tags[k]);
                if (a >= 0)
                {
                    guide[a] = g.DeviationBound[k];
                    free[a] = manifest.Action.High[k] - manifest.Action.Low[k];
                }
            }

            if (g.Confidence is { } box)
            {
                // λ(s) reads the box tags from the shield's observation.
                var index = box.Tags.Select((t, j) => IndexOf(observationTags, t) is var d and >= 0 ? d
                    : throw new ArgumentException($"guide.confidence.tags[{j}]: '{t}' is not an observation tag of this plant")).ToArray();
                confidence = new GuideConfidenceBox(index, box.Low, box.High, box.Ramp, free);
            }
        }

        shield.SetEnvelope(new PolicyEnvelope($"{manifest.PolicyId} v{manifest.Version}", lo, hi, guide) { GuideConfidence = confidence });
    }

    private static IStatePredictor? Predictor(IReadOnlyList<string> observations, IReadOnlyList<string> actions)
    {
        // The IB's steering kinematics are known exactly: use them for the look-ahead when the plant is the IB.
        var v = IndexOf(observations, "velocity");
        var g = IndexOf(observations, "gain");
        var s = IndexOf(observations, "shift");
        var ib = v >= 0 && g >= 0 && s >= 0
            && actions.Count == 3 && actions[0] == "delta_velocity" && actions[1] == "delta_gain" && actions[2] == "delta_shift";
        return ib ? new IndustrialBenchmarkKinematics(v, g, s) : null;
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
