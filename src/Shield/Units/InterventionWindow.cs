namespace IndustrialSafeRL.Shield.Units;

/// <summary>Counts decisions with interventions over the last N decisions (a ring of flags; no allocation).</summary>
internal sealed class InterventionWindow(int cycles)
{
    private readonly bool[] ring = new bool[cycles];
    private int next;

    /// <summary>Decisions with an intervention among the last <c>cycles</c> recorded.</summary>
    public int Count { get; private set; }

    public void Record(bool intervened)
    {
        if (ring[next])
        {
            Count--;
        }

        ring[next] = intervened;
        if (intervened)
        {
            Count++;
        }

        next = next + 1 == ring.Length ? 0 : next + 1;
    }

    public void Clear()
    {
        Array.Clear(ring);
        next = 0;
        Count = 0;
    }
}
