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
    /// <summary>The guide action of the last decision (empty when the loop passed none).</summary>
    public double[] LastGuide { get; private set; } = [];

    public ShieldGateVerdict Decide(ReadOnlySpan<double> observation, ReadOnlySpan<double> proposed, ReadOnlySpan<double> current,
        ReadOnlySpan<double> guide, bool stale, Span<double> action, List<Intervention> interventions)
    {
        if (LastGuide.Length != guide.Length)
        {
            LastGuide = new double[guide.Length];
        }

        guide.CopyTo(LastGuide);
        return Decide(observation, proposed, current, stale, action, interventions);
    }

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
