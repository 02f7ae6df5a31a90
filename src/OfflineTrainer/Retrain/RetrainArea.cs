namespace IndustrialSafeRL.OfflineTrainer.Retrain;

/// <summary>Where the violation state of a retrain area came from.</summary>
public enum RetrainSource
{
    /// <summary>A logged row (shed, out of support, shield intervention) or a logged state outside the state bounds.</summary>
    Logged,

    /// <summary>A model rollout of the current policies that left the state bounds.</summary>
    Rollout,

    /// <summary>The configured list of states; never evicted.</summary>
    Explicit,
}

/// <summary>An axis-aligned box in normalised state space (the newest frame of a window), Low ≤ x ≤ High per dimension.</summary>
/// <param name="Low">Lower corner.</param>
/// <param name="High">Upper corner.</param>
/// <param name="Sequence">Creation order in its set; the smallest non-explicit sequence is evicted first.</param>
/// <param name="Source">Where the (first) violation state came from.</param>
public sealed record RetrainArea(double[] Low, double[] High, long Sequence, RetrainSource Source)
{
    /// <summary>Dimensions.</summary>
    public int Dimensions => Low.Length;

    /// <summary>Centre of the box.</summary>
    public double[] Centre => [.. Low.Select((l, i) => (l + High[i]) / 2)];

    /// <summary>The box [s − ω, s + ω].</summary>
    public static RetrainArea Around(ReadOnlySpan<double> state, double omega, RetrainSource source)
    {
        if (!(omega > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(omega), omega, "must be positive");
        }

        var low = new double[state.Length];
        var high = new double[state.Length];
        for (var i = 0; i < state.Length; i++)
        {
            low[i] = state[i] - omega;
            high[i] = state[i] + omega;
        }

        return new RetrainArea(low, high, 0, source);
    }

    /// <summary>True when <paramref name="state"/> lies in the closed box.</summary>
    public bool Contains(ReadOnlySpan<float> state)
    {
        for (var i = 0; i < Low.Length; i++)
        {
            if (state[i] < Low[i] || state[i] > High[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="state"/> lies in the closed box.</summary>
    public bool Contains(ReadOnlySpan<double> state)
    {
        for (var i = 0; i < Low.Length; i++)
        {
            if (state[i] < Low[i] || state[i] > High[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>log of the volume (boxes of many dimensions overflow a plain product).</summary>
    public double LogVolume()
    {
        var sum = 0.0;
        for (var i = 0; i < Low.Length; i++)
        {
            sum += Math.Log(High[i] - Low[i]);
        }

        return sum;
    }

    /// <summary>vol(this ∩ other) / vol(smaller of the two), in [0, 1].</summary>
    public double Overlap(RetrainArea other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimensions != Dimensions)
        {
            throw new ArgumentException($"box of {other.Dimensions} dimensions against one of {Dimensions}", nameof(other));
        }

        // Product of per-dimension ratios intersection/smaller: each ≤ 1, so many dimensions neither overflow nor underflow early.
        var smaller = LogVolume() <= other.LogVolume() ? this : other;
        var ratio = 1.0;
        for (var i = 0; i < Low.Length; i++)
        {
            var width = Math.Min(High[i], other.High[i]) - Math.Max(Low[i], other.Low[i]);
            if (width <= 0)
            {
                return 0;
            }

            ratio *= width / (smaller.High[i] - smaller.Low[i]);
        }

        return Math.Min(1, ratio);
    }

    /// <summary>The smallest box holding both; keeps this box's sequence and source.</summary>
    public RetrainArea Hull(RetrainArea other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Low = [.. Low.Select((l, i) => Math.Min(l, other.Low[i]))],
            High = [.. High.Select((h, i) => Math.Max(h, other.High[i]))],
        };
    }
}
