using IndustrialSafeRL.Policy.Runtime.Guides;
using IndustrialSafeRL.Policy.Runtime.History;
using IndustrialSafeRL.Policy.Runtime.Inference;

namespace IndustrialSafeRL.Policy.Runtime.Ensembles;

/// <summary>
/// K opened policy sessions run on the same observation history each cycle, combined by an <see cref="EnsembleRule"/>.
/// Every member's action stays readable (<see cref="MemberAction"/>) so challengers can be logged beside the
/// champion. The ensemble owns its sessions. Allocates nothing per cycle.
/// </summary>
/// <remarks>
/// The guide action (PAG) comes from one of two places: a configured guide law the runtime recomputes from the
/// history, or, for a package with a guide input, the plant (the PLC's own controller read from guide tags), which
/// the caller passes to <see cref="Infer"/>. Either way <see cref="Guide"/> holds the champion's guide action of the
/// cycle, the centre of the shield's guide-deviation bound.
/// </remarks>
public sealed class PolicyEnsemble : IDisposable
{
    private readonly PolicySession[] members;
    private readonly double[] actions;
    private readonly double[] column;
    private readonly GuideLawEvaluator? guideLaw;
    private readonly bool championReadsGuide;
    private readonly double[] guide;

    /// <summary>Creates an ensemble; every member must drive the same number of actuators.</summary>
    public PolicyEnsemble(IReadOnlyList<PolicySession> members, EnsembleRule rule)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("members: an ensemble needs at least one policy", nameof(members));
        }

        ActionCount = members[0].ActionCount;
        for (var k = 1; k < members.Count; k++)
        {
            if (members[k].ActionCount != ActionCount)
            {
                throw new ArgumentException(
                    $"members[{k}] ({members[k].Package.DisplayName}): drives {members[k].ActionCount} actuators, members[0] drives {ActionCount}",
                    nameof(members));
            }
        }

        this.members = [.. members];
        Rule = rule;
        HistoryLength = members.Max(m => m.HistoryLength);
        actions = new double[members.Count * ActionCount];
        column = new double[members.Count];
        guideLaw = GuideLawEvaluator.For(members[0].Package);
        championReadsGuide = guideLaw is null && members[0].HasGuide;
        ReadsGuideInput = members.Any(m => m.HasGuide);
        guide = new double[guideLaw is null && !championReadsGuide ? 0 : ActionCount];
    }

    /// <summary>The champion's guide action of the last <see cref="Infer"/> (plant order, raw units), the centre of the
    /// shield's guide-deviation bound: its configured guide law's action, or, for a champion with a guide input, the
    /// guide values passed to <see cref="Infer"/>. Empty when the champion has no guide.</summary>
    public ReadOnlySpan<double> Guide => guide;

    /// <summary>True when a member's graph takes a guide input: <see cref="Infer"/> then needs the guide action from
    /// the plant, one value per action.</summary>
    public bool ReadsGuideInput { get; }

    /// <summary>The combination rule.</summary>
    public EnsembleRule Rule { get; }

    /// <summary>The members, champion first.</summary>
    public IReadOnlyList<PolicySession> Members => members;

    /// <summary>Actuators driven.</summary>
    public int ActionCount { get; }

    /// <summary>The longest history window any member reads.</summary>
    public int HistoryLength { get; }

    /// <summary>The champion (first member); its manifest names the ensemble in logs.</summary>
    public PolicySession Champion => members[0];

    /// <summary>Member <paramref name="k"/>'s last action in plant order.</summary>
    public ReadOnlySpan<double> MemberAction(int k) => actions.AsSpan(k * ActionCount, ActionCount);

    /// <summary>
    /// Runs every member and writes the combined action (plant order) into <paramref name="action"/>.
    /// <paramref name="guidePlant"/> is the guide action read from the plant (plant action order, raw units) for members
    /// with a guide input (<see cref="ReadsGuideInput"/>); otherwise it may be empty.
    /// </summary>
    public void Infer(ObservationHistory history, ReadOnlySpan<double> guidePlant, Span<double> action)
    {
        if (ReadsGuideInput && guidePlant.Length < ActionCount)
        {
            throw new ArgumentException($"guidePlant: the policy reads a guide input and needs {ActionCount} values, got {guidePlant.Length}", nameof(guidePlant));
        }

        if (guideLaw is not null)
        {
            // A configured guide is computed inside each member's graph; the champion's is recomputed here for the shield.
            guideLaw.Act(history, guide);
        }
        else if (championReadsGuide)
        {
            // The graph perturbs the guide the plant supplies: that value is the centre of the bound.
            guidePlant[..ActionCount].CopyTo(guide);
        }

        for (var k = 0; k < members.Length; k++)
        {
            members[k].Infer(history, guidePlant, actions.AsSpan(k * ActionCount, ActionCount));
        }

        for (var j = 0; j < ActionCount; j++)
        {
            action[j] = Rule switch
            {
                EnsembleRule.Mean => Mean(j),
                EnsembleRule.Median => Median(j),
                _ => actions[j],
            };
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var member in members)
        {
            member.Dispose();
        }
    }

    private double Mean(int j)
    {
        var sum = 0.0;
        for (var k = 0; k < members.Length; k++)
        {
            sum += actions[(k * ActionCount) + j];
        }

        return sum / members.Length;
    }

    private double Median(int j)
    {
        // Insertion sort of K values: K is small and this allocates nothing. NaN sorts last and, if it is a middle
        // value, propagates so the shield sheds.
        var n = members.Length;
        for (var k = 0; k < n; k++)
        {
            var v = actions[(k * ActionCount) + j];
            var i = k - 1;
            while (i >= 0 && (column[i] > v || double.IsNaN(column[i])))
            {
                column[i + 1] = column[i];
                i--;
            }

            column[i + 1] = v;
        }

        return n % 2 == 1 ? column[n / 2] : 0.5 * (column[(n / 2) - 1] + column[n / 2]);
    }
}
