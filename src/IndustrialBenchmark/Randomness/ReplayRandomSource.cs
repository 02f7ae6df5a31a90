namespace IndustrialSafeRL.IndustrialBenchmark.Randomness;

/// <summary>
/// Returns recorded draws in order and checks that each request asks for the recorded kind, so a replayed run
/// proves that the dynamics consume the stream exactly as the recording did.
/// </summary>
public sealed class ReplayRandomSource(IReadOnlyList<RandomDraw> draws) : IRandomSource
{
    private readonly IReadOnlyList<RandomDraw> _draws = draws ?? throw new ArgumentNullException(nameof(draws));

    /// <summary>How many draws have been consumed.</summary>
    public int Position { get; private set; }

    /// <summary>How many recorded draws are left.</summary>
    public int Remaining => _draws.Count - Position;

    /// <inheritdoc />
    public double Exponential(double scale) => Pop(RandomDrawKind.Exponential);

    /// <inheritdoc />
    public double Uniform() => Pop(RandomDrawKind.Uniform);

    /// <inheritdoc />
    public int Bernoulli(double probability) => (int)Pop(RandomDrawKind.Bernoulli);

    /// <inheritdoc />
    public double Normal(double mean, double standardDeviation) => Pop(RandomDrawKind.Normal);

    /// <inheritdoc />
    public double StandardNormal() => Pop(RandomDrawKind.StandardNormal);

    /// <inheritdoc />
    public long RandInt(long low, long high) => (long)Pop(RandomDrawKind.RandInt);

    private double Pop(RandomDrawKind kind)
    {
        if (Position >= _draws.Count)
        {
            throw new InvalidOperationException(
                $"replay exhausted: draw #{Position} ({RandomDraw.TagOf(kind)}) requested but only {_draws.Count} were recorded");
        }

        var draw = _draws[Position];
        if (draw.Kind != kind)
        {
            throw new InvalidOperationException(
                $"replay mismatch at draw #{Position}: requested {RandomDraw.TagOf(kind)} but the recording has {draw}");
        }

        Position++;
        return draw.Value;
    }
}
