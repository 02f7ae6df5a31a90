using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Safety;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Retrain;

/// <summary>Checkpoint state of a <see cref="RetrainStartSampler"/>: its areas and draw counters.</summary>
/// <param name="Areas">Areas, oldest first.</param>
/// <param name="Drawn">Start windows drawn during training.</param>
/// <param name="FromAreas">Of those, drawn from an area.</param>
public sealed record RetrainSnapshot(List<RetrainArea> Areas, long Drawn, long FromAreas);

/// <summary>ε-retrain start windows: with probability ε_k a start is a real logged window whose newest (normalised)
/// frame lies in a retrain area (area chosen uniformly among those holding a logged window, then a window uniformly
/// inside it), otherwise a uniform logged window. Areas holding no logged window are skipped; with none usable every
/// start is uniform. All draws come from the caller's generator, so a seeded generator repeats exactly.</summary>
public sealed class RetrainStartSampler
{
    private readonly float[] _newest;      // [N·D] newest frame of every logged window, normalised
    private readonly float[] _low;         // state bounds, normalised
    private readonly float[] _high;
    private readonly Dictionary<RetrainArea, int[]> _members = new(ReferenceEqualityComparer.Instance);
    private readonly List<int> _usable = [];

    /// <summary>A sampler over <paramref name="windows"/> logged windows whose newest frames are <paramref name="newest"/> ([N·D], normalised).</summary>
    public RetrainStartSampler(float[] newest, int windows, float[] low, float[] high, RetrainConfig config, int steps)
    {
        ArgumentNullException.ThrowIfNull(newest);
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        if (low.Length == 0 || low.Length != high.Length || newest.Length != windows * low.Length)
        {
            throw new ArgumentException($"{newest.Length} frame values do not make {windows} windows of {low.Length} dimensions", nameof(newest));
        }

        _newest = newest;
        _low = low;
        _high = high;
        Windows = windows;
        Dimensions = low.Length;
        Config = config;
        Schedule = new EpsilonSchedule(config.Eps0, config.EpsMin, steps);
        Areas = new RetrainAreaSet(config.Beta, config.MaxAreas);
    }

    /// <summary>The settings.</summary>
    public RetrainConfig Config { get; }

    /// <summary>ε over the search steps.</summary>
    public EpsilonSchedule Schedule { get; }

    /// <summary>The retrain areas.</summary>
    public RetrainAreaSet Areas { get; }

    /// <summary>Logged windows N.</summary>
    public int Windows { get; }

    /// <summary>State dimensions D.</summary>
    public int Dimensions { get; }

    /// <summary>Start windows drawn for training steps (step ≥ 0).</summary>
    public long Drawn { get; private set; }

    /// <summary>Of <see cref="Drawn"/>, how many came from an area.</summary>
    public long FromAreas { get; private set; }

    /// <summary>Areas that hold at least one logged window.</summary>
    public int UsableAreas => _usable.Count;

    /// <summary>Builds the sampler for a search over <paramref name="windows"/>, seeded with the configured explicit states
    /// and (when <see cref="RetrainConfig.FromLog"/>) the logged violations of <paramref name="data"/> and every logged
    /// state outside <paramref name="bounds"/>.</summary>
    public static RetrainStartSampler Create(WindowedData windows, TrainingDataset data, StateBounds bounds, RetrainConfig config, int steps)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(config);
        float[] newest;
        using (var frames = windows.NewestFrames())
        {
            newest = frames.contiguous().data<float>().ToArray();
        }

        var (low, high) = bounds.Normalised(windows.Layout);
        var sampler = new RetrainStartSampler(newest, windows.Count, low, high, config, steps);
        sampler.AddExplicit(windows.Layout);
        if (config.FromLog)
        {
            sampler.AddLogged(data.ViolationStates.Select(s => Normalise(s, windows.Layout)));
            sampler.AddOutOfBoundsLogged();
        }

        return sampler;
    }

    /// <summary>Adds the configured states (raw units by tag) as explicit areas; a tag left out spans the logged range ± ω.</summary>
    public void AddExplicit(PlantLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var omega = Config.Omega;
        for (var s = 0; s < Config.States.Count; s++)
        {
            var low = new double[Dimensions];
            var high = new double[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
                for (var n = 0; n < Windows; n++)
                {
                    min = Math.Min(min, _newest[(n * Dimensions) + d]);
                    max = Math.Max(max, _newest[(n * Dimensions) + d]);
                }

                (low[d], high[d]) = (min - omega, max + omega);
            }

            foreach (var (tag, value) in Config.States[s])
            {
                var d = Array.FindIndex(layout.ObservationTags, t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));
                if (d < 0)
                {
                    throw new ArgumentException($"Retrain.States[{s}]: tag '{tag}' is not an observation tag ({string.Join(", ", layout.ObservationTags)})", nameof(layout));
                }

                var centre = (value - layout.ObservationMean[d]) / layout.ObservationStd[d];
                (low[d], high[d]) = (centre - omega, centre + omega);
            }

            Areas.Add(new RetrainArea(low, high, 0, RetrainSource.Explicit));
        }

        Reindex();
    }

    /// <summary>Adds boxes around logged violation states (normalised).</summary>
    public void AddLogged(IEnumerable<double[]> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var state in states)
        {
            Areas.Add(RetrainArea.Around(state, Config.Omega, RetrainSource.Logged));
        }

        Reindex();
    }

    /// <summary>Adds boxes around every logged newest frame outside the state bounds.</summary>
    public void AddOutOfBoundsLogged()
    {
        var state = new double[Dimensions];
        for (var n = 0; n < Windows; n++)
        {
            var frame = _newest.AsSpan(n * Dimensions, Dimensions);
            if (!Outside(frame))
            {
                continue;
            }

            for (var d = 0; d < Dimensions; d++)
            {
                state[d] = frame[d];
            }

            Areas.Add(RetrainArea.Around(state, Config.Omega, RetrainSource.Logged));
        }

        Reindex();
    }

    /// <summary>At refresh steps (every <see cref="RetrainConfig.RefreshEvery"/>, from step 0), adds a box around the
    /// state where each rollout first left the state bounds. <paramref name="states"/>: normalised [K, B, H, D].</summary>
    public void ObserveRollout(Tensor states, int step)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (!Config.Enabled || !Config.FromRollouts || step < 0 || step % Config.RefreshEvery != 0)
        {
            return;
        }

        float[] first;
        using (NewDisposeScope())
        using (no_grad())
        {
            var s = states.detach();
            var d = s.shape[3];
            var outside = (s < tensor(_low)).logical_or(s > tensor(_high)).any(-1);          // [K, B, H]
            var left = outside.any(-1);                                                       // [K, B]
            var at = outside.to(ScalarType.Int64).argmax(-1);                                 // first step outside
            var gathered = s.gather(2, at.unsqueeze(-1).unsqueeze(-1).expand(-1, -1, 1, d)).squeeze(2); // [K, B, D]

            // No rollout left the bounds: nothing to add (TorchSharp cannot read an empty tensor's data).
            if (!left.any().item<bool>())
            {
                return;
            }

            first = gathered.reshape(-1, d).index_select(0, left.reshape(-1).nonzero().squeeze(1)).contiguous().data<float>().ToArray();
        }

        var state = new double[Dimensions];
        for (var v = 0; v < first.Length / Dimensions; v++)
        {
            for (var d = 0; d < Dimensions; d++)
            {
                state[d] = first[(v * Dimensions) + d];
            }

            Areas.Add(RetrainArea.Around(state, Config.Omega, RetrainSource.Rollout));
        }

        Reindex();
    }

    /// <summary>Fills <paramref name="index"/> with start windows for training step <paramref name="step"/> (step &lt; 0:
    /// uniform, not counted). <paramref name="areaOf"/>, when given, receives the area index of each draw or -1.</summary>
    public void Sample(long[] index, Random random, int step, int[]? areaOf = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(random);
        var eps = Config.Enabled ? Schedule.At(step) : 0;
        for (var i = 0; i < index.Length; i++)
        {
            var area = -1;
            if (eps > 0 && _usable.Count > 0 && random.NextDouble() < eps)
            {
                area = _usable[random.Next(_usable.Count)];
                var members = _members[Areas.Areas[area]];
                index[i] = members[random.Next(members.Length)];
            }
            else
            {
                index[i] = random.Next(Windows);
            }

            if (areaOf is not null)
            {
                areaOf[i] = area;
            }

            if (step >= 0)
            {
                Drawn++;
                FromAreas += area >= 0 ? 1 : 0;
            }
        }
    }

    /// <summary>Draws <paramref name="count"/> windows from the areas only (uniform over usable areas, then inside);
    /// empty when no area holds a logged window. For a fixed evaluation set; counters untouched.</summary>
    public long[] SampleFromAreas(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_usable.Count == 0)
        {
            return [];
        }

        var index = new long[count];
        for (var i = 0; i < count; i++)
        {
            var members = _members[Areas.Areas[_usable[random.Next(_usable.Count)]]];
            index[i] = members[random.Next(members.Length)];
        }

        return index;
    }

    /// <summary>The newest (normalised) frame of logged window <paramref name="window"/>.</summary>
    public ReadOnlySpan<float> NewestFrame(long window) => _newest.AsSpan((int)window * Dimensions, Dimensions);

    /// <summary>Checkpoint state.</summary>
    public RetrainSnapshot Snapshot() => new([.. Areas.Areas], Drawn, FromAreas);

    /// <summary>Restores a <see cref="Snapshot"/>.</summary>
    public void Restore(RetrainSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Areas.Restore(snapshot.Areas);
        Drawn = snapshot.Drawn;
        FromAreas = snapshot.FromAreas;
        Reindex();
    }

    private static double[] Normalise(double[] raw, PlantLayout layout) =>
        [.. raw.Select((v, i) => (v - layout.ObservationMean[i]) / layout.ObservationStd[i])];

    private bool Outside(ReadOnlySpan<float> frame)
    {
        for (var d = 0; d < frame.Length; d++)
        {
            if (frame[d] < _low[d] || frame[d] > _high[d])
            {
                return true;
            }
        }

        return false;
    }

    // Logged windows per area; areas are immutable, so an area kept from the last refresh keeps its list.
    private void Reindex()
    {
        var stale = _members.Keys.Where(a => !Areas.Areas.Any(kept => ReferenceEquals(kept, a))).ToList();
        foreach (var area in stale)
        {
            _members.Remove(area);
        }

        _usable.Clear();
        for (var a = 0; a < Areas.Count; a++)
        {
            var area = Areas.Areas[a];
            if (!_members.TryGetValue(area, out var members))
            {
                var list = new List<int>();
                for (var n = 0; n < Windows; n++)
                {
                    if (area.Contains(_newest.AsSpan(n * Dimensions, Dimensions)))
                    {
                        list.Add(n);
                    }
                }

                members = [.. list];
                _members[area] = members;
            }

            if (members.Length > 0)
            {
                _usable.Add(a);
            }
        }
    }
}
