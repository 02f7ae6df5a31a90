namespace IndustrialSafeRL.IndustrialBenchmark.Randomness;

/// <summary>
/// The MT19937 Mersenne Twister word generator with the classic integer seeding (<c>init_genrand</c>), as numpy's
/// legacy <c>RandomState(seed)</c> seeds it for an integer seed. Allocates only in its constructor.
/// </summary>
public sealed class Mt19937
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _state = new uint[N];
    private int _position;

    /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
    public Mt19937(uint seed) => Seed(seed);

    /// <summary>Re-seeds in place: x₀ = seed, xᵢ = 1812433253·(xᵢ₋₁ ⊕ (xᵢ₋₁ ≫ 30)) + i; the next word twists.</summary>
    public void Seed(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < N; i++)
        {
            var previous = _state[i - 1];
            _state[i] = unchecked((1812433253u * (previous ^ (previous >> 30))) + (uint)i);
        }

        _position = N;
    }

    /// <summary>The next tempered 32-bit output.</summary>
    public uint NextUInt32()
    {
        if (_position >= N)
        {
            Twist();
        }

        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>numpy's legacy double: ((w₁ ≫ 5)·2²⁶ + (w₂ ≫ 6)) / 2⁵³, in [0, 1).</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    private void Twist()
    {
        var state = _state;
        int k;
        uint y;
        for (k = 0; k < N - M; k++)
        {
            y = (state[k] & UpperMask) | (state[k + 1] & LowerMask);
            state[k] = state[k + M] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }

        for (; k < N - 1; k++)
        {
            y = (state[k] & UpperMask) | (state[k + 1] & LowerMask);
            state[k] = state[k + (M - N)] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }

        y = (state[N - 1] & UpperMask) | (state[0] & LowerMask);
        state[N - 1] = state[M - 1] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        _position = 0;
    }
}
