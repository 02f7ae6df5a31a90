namespace IndustrialSafeRL.IndustrialBenchmark.Randomness;

/// <summary>Passes every draw through to an inner source and records it (used by traces, not by hot paths).</summary>
public sealed class RecordingRandomSource(IRandomSource inner) : IRandomSource
{
    private readonly IRandomSource _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private readonly List<RandomDraw> _draws = [];

    /// <summary>The draws recorded since the last <see cref="Clear"/>.</summary>
    public IReadOnlyList<RandomDraw> Draws => _draws;

    /// <summary>Forgets the recorded draws.</summary>
    public void Clear() => _draws.Clear();

    /// <inheritdoc />
    public double Exponential(double scale) => Record(RandomDrawKind.Exponential, _inner.Exponential(scale));

    /// <inheritdoc />
    public double Uniform() => Record(RandomDrawKind.Uniform, _inner.Uniform());

    /// <inheritdoc />
    public int Bernoulli(double probability) => (int)Record(RandomDrawKind.Bernoulli, _inner.Bernoulli(probability));

    /// <inheritdoc />
    public double Normal(double mean, double standardDeviation) =>
        Record(RandomDrawKind.Normal, _inner.Normal(mean, standardDeviation));

    /// <inheritdoc />
    public double StandardNormal() => Record(RandomDrawKind.StandardNormal, _inner.StandardNormal());

    /// <inheritdoc />
    public long RandInt(long low, long high) => (long)Record(RandomDrawKind.RandInt, _inner.RandInt(low, high));

    private double Record(RandomDrawKind kind, double value)
    {
        _draws.Add(new RandomDraw(kind, value));
        return value;
    }
}
