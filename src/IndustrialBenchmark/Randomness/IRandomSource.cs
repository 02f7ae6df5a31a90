namespace IndustrialSafeRL.IndustrialBenchmark.Randomness;

/// <summary>
/// The six random operations the Industrial Benchmark consumes, in the form numpy's legacy module functions offer
/// them. The dynamics draw only through this interface so that a run can be seeded (<see cref="NumpyLegacyRandom"/>)
/// or replayed from recorded draws (<see cref="ReplayRandomSource"/>).
/// </summary>
public interface IRandomSource
{
    /// <summary>Exponential variate with the given scale (= mean).</summary>
    double Exponential(double scale);

    /// <summary>Uniform variate in [0, 1).</summary>
    double Uniform();

    /// <summary>Binomial variate with n = 1: 1 with probability <paramref name="probability"/>, else 0.</summary>
    int Bernoulli(double probability);

    /// <summary>Normal variate with the given mean and standard deviation.</summary>
    double Normal(double mean, double standardDeviation);

    /// <summary>Standard normal variate.</summary>
    double StandardNormal();

    /// <summary>Integer in [<paramref name="low"/>, <paramref name="high"/>), upper bound exclusive.</summary>
    long RandInt(long low, long high);
}
