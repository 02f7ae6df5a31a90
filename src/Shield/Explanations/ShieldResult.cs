using System.Text;

namespace IndustrialSafeRL.Shield.Explanations;

/// <summary>
/// The reusable result of a decision: verdict and interventions. Allocate one per control loop
/// (<see cref="ActionShield.CreateResult"/>) and pass it to every decision; it is overwritten each time.
/// </summary>
public sealed class ShieldResult
{
    private readonly ShieldIntervention[] interventions;

    /// <summary>Creates a result with room for <paramref name="capacity"/> interventions.</summary>
    public ShieldResult(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        interventions = new ShieldIntervention[capacity];
    }

    /// <summary>The verdict of the last decision.</summary>
    public ShieldVerdict Verdict { get; internal set; }

    /// <summary>Number of interventions recorded by the last decision.</summary>
    public int Count { get; private set; }

    /// <summary>True when more interventions happened than the capacity holds (the rest were dropped).</summary>
    public bool Truncated { get; private set; }

    /// <summary>Version of the operator limits the last decision used.</summary>
    public long OperatorLimitsVersion { get; internal set; }

    /// <summary>The policy whose envelope the last decision used.</summary>
    public string PolicyId { get; internal set; } = "";

    /// <summary>The interventions of the last decision, in the order the units ran.</summary>
    public ReadOnlySpan<ShieldIntervention> Interventions => interventions.AsSpan(0, Count);

    /// <summary>True when an intervention with this code was recorded.</summary>
    public bool Has(ShieldReasonCode code)
    {
        foreach (var i in Interventions)
        {
            if (i.Code == code)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A multi-line explanation of the last decision; formats (and allocates) only when asked.</summary>
    public string Explain(IReadOnlyList<string>? actionTags = null)
    {
        var text = new StringBuilder().Append(Verdict.ToString());
        foreach (var i in Interventions)
        {
            text.AppendLine().Append("  ").Append(i.Describe(actionTags));
        }

        if (Truncated)
        {
            text.AppendLine().Append("  (further interventions dropped: result capacity reached)");
        }

        return text.ToString();
    }

    internal void Clear()
    {
        Count = 0;
        Truncated = false;
        Verdict = ShieldVerdict.Pass;
    }

    internal void Add(in ShieldIntervention intervention)
    {
        if (Count < interventions.Length)
        {
            interventions[Count++] = intervention;
        }
        else
        {
            Truncated = true;
        }
    }
}
