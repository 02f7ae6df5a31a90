using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;

namespace IndustrialSafeRL.Controller.Host.Shielding;

/// <summary>
/// The shield as the control loop uses it: one decision per cycle turns the proposed action into the action to apply
/// (written into <c>action</c>) and lists every intervention. The real implementation wraps the project's
/// ordered shield; tests use a hand-written fake. Called from the control loop only, except
/// <see cref="SetEnvelope"/>, which the loop calls when it activates a policy.
/// </summary>
public interface IShieldGate
{
    /// <summary>Decides one cycle. <paramref name="interventions"/> is cleared and filled; the verdict says what the host may do.</summary>
    ShieldGateVerdict Decide(
        ReadOnlySpan<double> observation,
        ReadOnlySpan<double> proposed,
        ReadOnlySpan<double> current,
        bool stale,
        Span<double> action,
        List<Intervention> interventions);

    /// <summary>Decides one cycle with the guide controller's action (plant order, raw units; empty without a guide)
    /// as the centre of the active package's guide-deviation bound. Gates without a guide unit ignore it.</summary>
    ShieldGateVerdict Decide(
        ReadOnlySpan<double> observation,
        ReadOnlySpan<double> proposed,
        ReadOnlySpan<double> current,
        ReadOnlySpan<double> guide,
        bool stale,
        Span<double> action,
        List<Intervention> interventions) => Decide(observation, proposed, current, stale, action, interventions);

    /// <summary>Clears the intervention window and its latch (on entering or resuming Auto).</summary>
    void Reset();

    /// <summary>Adopts the envelope (data-support and guide bounds) of a newly activated policy.</summary>
    void SetEnvelope(PolicyManifest manifest);
}
