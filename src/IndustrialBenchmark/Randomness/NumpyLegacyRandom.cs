namespace IndustrialSafeRL.IndustrialBenchmark.Randomness;

/// <summary>
/// The default random source: numpy's legacy <c>RandomState</c> distributions on MT19937, so that a seed here
/// produces exactly the draws the reference simulator makes with the same seed (SPEC §8.3).
/// No allocation per draw.
/// </summary>
public sealed class NumpyLegacyRandom : IRandomSource
{
    private readonly Mt19937 _words;
    private bool _hasCachedGaussian;
    private double _cachedGaussian;

    /// <summary>A generator seeded like <c>numpy.random.seed(seed)</c>.</summary>
    public NumpyLegacyRandom(uint seed) => _words = new Mt19937(seed);

    /// <summary>Re-seeds in place and clears the Gaussian cache, like <c>numpy.random.seed(seed)</c>.</summary>
    public void Seed(uint seed)
    {
        _words.Seed(seed);
        _hasCachedGaussian = false;
        _cachedGaussian = 0.0;
    }

    /// <summary>The next raw 32-bit word of the underlying MT19937.</summary>
    public uint NextUInt32() => _words.NextUInt32();

    /// <inheritdoc />
    public double Uniform() => _words.NextDouble();

    /// <inheritdoc />
    public double Exponential(double scale) => scale * -Math.Log(1.0 - _words.NextDouble());

    /// <inheritdoc />
    public double StandardNormal()
    {
        // Marsaglia's polar method with numpy's one-value cache: a fresh pair returns k·x₂ and keeps k·x₁.
        if (_hasCachedGaussian)
        {
            _hasCachedGaussian = false;
            var cached = _cachedGaussian;
            _cachedGaussian = 0.0;
            return cached;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * _words.NextDouble()) - 1.0;
            x2 = (2.0 * _words.NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _cachedGaussian = f * x1;
        _hasCachedGaussian = true;
        return f * x2;
    }

    /// <inheritdoc />
    public double Normal(double mean, double standardDeviation) => mean + (standardDeviation * StandardNormal());

    /// <inheritdoc />
    public int Bernoulli(double probability)
    {
        if (double.IsNaN(probability) || probability < 0.0 || probability > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "Bernoulli probability must lie in [0, 1].");
        }

        // numpy's binomial(1, p) returns 0 without a draw for p = 0, else inverts on the smaller of p and 1 − p.
        if (probability == 0.0)
        {
            return 0;
        }

        return probability <= 0.5
            ? BinomialInversionN1(probability)
            : 1 - BinomialInversionN1(1.0 - probability);
    }

    /// <inheritdoc />
    public long RandInt(long low, long high)
    {
        if (high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"RandInt needs high > low (low = {low}).");
        }

        var range = (ulong)(high - 1 - low);
        if (range == 0)
        {
            return low;
        }

        if (range > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, "RandInt supports ranges up to 2^32 values.");
        }

        // Masked rejection on single 32-bit words, as numpy's legacy bounded integers do.
        var mask = (uint)range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        uint value;
        do
        {
            value = _words.NextUInt32() & mask;
        }
        while (value > range);

        return low + value;
    }

    private int BinomialInversionN1(double p)
    {
        // numpy's inversion sampler with n = 1 (search bound min(1, np + 10·√(npq + 1)) = 1).
        var q = 1.0 - p;
        var qn = Math.Exp(1.0 * Math.Log(q));
        var x = 0;
        var px = qn;
        var u = _words.NextDouble();
        while (u > px)
        {
            x++;
            if (x > 1)
            {
                x = 0;
                px = qn;
                u = _words.NextDouble();
            }
            else
            {
                u -= px;
                px = (1 - x + 1) * p * px / (x * q);
            }
        }

        return x;
    }
}
