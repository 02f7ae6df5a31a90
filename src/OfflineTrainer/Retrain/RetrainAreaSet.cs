namespace IndustrialSafeRL.OfflineTrainer.Retrain;

/// <summary>The bounded set of retrain areas. A new box merges into the stored box it overlaps most when
/// vol(∩)/vol(smaller) ≥ β (the stored box becomes their hull, keeping its age); otherwise it is appended and,
/// beyond <see cref="Capacity"/>, the oldest area not from the explicit list is evicted. Merging does not cascade.</summary>
public sealed class RetrainAreaSet
{
    private readonly List<RetrainArea> _areas = [];
    private long _next;

    /// <summary>An empty set.</summary>
    public RetrainAreaSet(double beta, int capacity)
    {
        if (!(beta is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "must be in (0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Beta = beta;
        Capacity = capacity;
    }

    /// <summary>Merge threshold β.</summary>
    public double Beta { get; }

    /// <summary>At most this many areas.</summary>
    public int Capacity { get; }

    /// <summary>The areas, oldest first.</summary>
    public IReadOnlyList<RetrainArea> Areas => _areas;

    /// <summary>Number of areas.</summary>
    public int Count => _areas.Count;

    /// <summary>Adds <paramref name="box"/> by the merge rule; returns the index of the area that now holds it.</summary>
    public int Add(RetrainArea box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var best = -1;
        var bestOverlap = 0.0;
        for (var i = 0; i < _areas.Count; i++)
        {
            var overlap = _areas[i].Overlap(box);
            if (overlap > bestOverlap)
            {
                best = i;
                bestOverlap = overlap;
            }
        }

        if (best >= 0 && bestOverlap >= Beta)
        {
            _areas[best] = _areas[best].Hull(box);
            return best;
        }

        _areas.Add(box with { Sequence = _next++ });
        if (_areas.Count > Capacity)
        {
            var victim = _areas.FindIndex(a => a.Source != RetrainSource.Explicit);
            _areas.RemoveAt(victim < 0 ? 0 : victim);
        }

        return _areas.Count - 1;
    }

    /// <summary>Index of the first area containing <paramref name="state"/>, or -1.</summary>
    public int IndexContaining(ReadOnlySpan<double> state)
    {
        for (var i = 0; i < _areas.Count; i++)
        {
            if (_areas[i].Contains(state))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when some area contains <paramref name="state"/>.</summary>
    public bool Contains(ReadOnlySpan<double> state) => IndexContaining(state) >= 0;

    /// <summary>Replaces the contents (checkpoint restore); sequences continue after the largest restored one.</summary>
    public void Restore(IEnumerable<RetrainArea> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        _areas.Clear();
        _areas.AddRange(areas);
        _next = _areas.Count == 0 ? 0 : _areas.Max(a => a.Sequence) + 1;
    }
}
