using IndustrialSafeRL.Policy.Runtime.Ensembles;

namespace IndustrialSafeRL.Controller.Host.Policies;

/// <summary>
/// The active policy with the previous one kept loaded for instant rollback. Any thread may stage a validated,
/// warmed-up ensemble or request a rollback; the control loop applies the change between two cycles
/// (<see cref="ApplyPending"/>), so a cycle always runs one policy from start to end and no cycle is lost.
/// </summary>
public sealed class PolicySlot : IDisposable
{
    private PolicyEnsemble? active;
    private PolicyEnsemble? previous;
    private Request? pending;

    /// <summary>The policy the loop runs (null before the first activation).</summary>
    public PolicyEnsemble? Active => Volatile.Read(ref active);

    /// <summary>The policy a rollback returns to.</summary>
    public PolicyEnsemble? Previous => Volatile.Read(ref previous);

    /// <summary>Stages <paramref name="next"/> for activation at the next cycle boundary; a staged one not yet applied is disposed.</summary>
    public void Stage(PolicyEnsemble next, string who, string why)
    {
        ArgumentNullException.ThrowIfNull(next);
        Interlocked.Exchange(ref pending, new Request(next, who, why))?.Ensemble?.Dispose();
    }

    /// <summary>Requests a swap back to <see cref="Previous"/> at the next cycle boundary.</summary>
    public void RequestRollback(string who, string why) =>
        Interlocked.Exchange(ref pending, new Request(null, who, why))?.Ensemble?.Dispose();

    /// <summary>
    /// Control loop only: applies a staged change. Returns the change (old and new display names, who, why) or null.
    /// A rollback without a previous policy is refused (returned with <see cref="PolicyChange.Refused"/> set).
    /// </summary>
    public PolicyChange? ApplyPending()
    {
        if (Volatile.Read(ref pending) is null)
        {
            return null;
        }

        var request = Interlocked.Exchange(ref pending, null);
        if (request is null)
        {
            return null;
        }

        var from = Name(active);
        if (request.Ensemble is { } next)
        {
            var displaced = previous;
            Volatile.Write(ref previous, active);
            Volatile.Write(ref active, next);
            displaced?.Dispose();
            return new PolicyChange("policy", from, Name(next), request.Who, request.Why, false);
        }

        if (previous is null)
        {
            return new PolicyChange("rollback", from, from, request.Who, request.Why + " (refused: no previous policy)", true);
        }

        var back = previous;
        Volatile.Write(ref previous, active);
        Volatile.Write(ref active, back);
        return new PolicyChange("rollback", from, Name(back), request.Who, request.Why, false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Interlocked.Exchange(ref pending, null)?.Ensemble?.Dispose();
        active?.Dispose();
        previous?.Dispose();
        active = null;
        previous = null;
    }

    /// <summary>Display name of an ensemble: the members' ids and versions.</summary>
    public static string Name(PolicyEnsemble? ensemble) =>
        ensemble is null ? "(none)" : string.Join("+", ensemble.Members.Select(m => m.Package.DisplayName));

    private sealed record Request(PolicyEnsemble? Ensemble, string Who, string Why);
}

/// <summary>A policy activation or rollback applied (or refused) between two cycles.</summary>
public sealed record PolicyChange(string Kind, string From, string To, string Who, string Why, bool Refused);
