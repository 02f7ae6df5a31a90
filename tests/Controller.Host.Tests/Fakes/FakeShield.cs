using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.Controller.Host.Shielding;

namespace IndustrialSafeRL.Controller.Host.Tests.Fakes;

/// <summary>Clamps to ±<see cref="Limit"/> (an intervention per clamped component), sheds on NaN or when told to.</summary>
internal sealed class FakeShield : IShieldGate
{
    private static readonly Intervention Clamp = new("HardClamp", "clamped to limit");
    private static readonly Intervention NotFinite = new("InputValidation", "non-finite action");

    public double Limit { get; set; } = 0.25;
    public bool ShedAlways { get; set; }
    public int Resets { get; private set; }
    public List<string> Envelopes { get; } = [];

    public ShieldGateVerdict Decide(ReadOnlySpan<double> observation, ReadOnlySpan<double> proposed, ReadOnlySpan<double> current,
        bool stale, Span<double> action, List<Intervention> interventions)
    {
        interventions.Clear();
        if (ShedAlways)
        {
            interventions.Add(new Intervention("InterventionWindow", "repeated interventions"));
            current.CopyTo(action);
            return ShieldGateVerdict.Shed;
        }

        for (var i = 0; i < action.Length; i++)
        {
            if (!double.IsFinite(proposed[i]) || stale)
            {
                interventions.Add(NotFinite);
                action.Clear();
                return ShieldGateVerdict.Shed;
            }

            action[i] = Math.Clamp(proposed[i], -Limit, Limit);
            if (action[i] != proposed[i])
            {
                interventions.Add(Clamp);
            }
        }

        return interventions.Count > 0 ? ShieldGateVerdict.Modified : ShieldGateVerdict.Pass;
    }

    public void Reset() => Resets++;

    public void SetEnvelope(PolicyManifest manifest) => Envelopes.Add(manifest.PolicyId);
}
