using System.Globalization;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

/// <summary>The numpy-legacy generator against golden/rng_vectors.csv: every value exactly, each sequence freshly seeded.</summary>
public sealed class NumpyLegacyRandomTests
{
    [Fact]
    public void Every_vector_of_the_reference_generator_is_reproduced_exactly()
    {
        var lines = File.ReadAllLines(Path.Combine(GoldenCase.Directory, "rng_vectors.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToList();
        Assert.Equal(316, lines.Count);

        var checkedValues = 0;
        foreach (var sequence in lines.GroupBy(c => (c[0], c[1].StartsWith("mixed_sequence:", StringComparison.Ordinal) ? "mixed" : c[1] + c[2])))
        {
            // Each sequence starts from a fresh generator; the mixed one interleaves functions to exercise the Gaussian cache.
            var seedText = sequence.Key.Item1;
            var random = new NumpyLegacyRandom(uint.Parse(seedText, CultureInfo.InvariantCulture));
            var ordered = sequence.OrderBy(c => int.Parse(c[3], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(0, ordered.Count), ordered.Select(c => int.Parse(c[3], CultureInfo.InvariantCulture)));
            foreach (var cells in ordered)
            {
                var expected = double.Parse(cells[4], CultureInfo.InvariantCulture);
                var (function, args) = (cells[1], cells[2]);
                var actual = Draw(random, function.Replace("mixed_sequence:", string.Empty, StringComparison.Ordinal), args);
                Assert.True(expected == actual, $"seed {seedText} {function}({args}) call {cells[3]}: {actual:R}, numpy {expected:R}");
                checkedValues++;
            }
        }

        Assert.Equal(316, checkedValues);
    }

    [Fact]
    public void Reseeding_clears_the_cached_gaussian()
    {
        var random = new NumpyLegacyRandom(5);
        var first = random.StandardNormal();
        random.Seed(5);
        Assert.Equal(first, random.StandardNormal());
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_parameter_named()
    {
        var random = new NumpyLegacyRandom(1);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => random.Bernoulli(1.5)).ParamName);
        Assert.Equal("probability", Assert.Throws<ArgumentOutOfRangeException>(() => random.Bernoulli(double.NaN)).ParamName);
        Assert.Equal("high", Assert.Throws<ArgumentOutOfRangeException>(() => random.RandInt(5, 5)).ParamName);
        Assert.Equal(7, random.RandInt(7, 8));
    }

    private static double Draw(NumpyLegacyRandom random, string function, string args) => function switch
    {
        "raw_uint32" => random.NextUInt32(),
        "uniform01" => random.Uniform(),
        "exponential" => random.Exponential(Arg(args, "scale")),
        "standard_normal" => random.StandardNormal(),
        "normal" => random.Normal(Arg(args, "loc"), Arg(args, "scale")),
        "binomial_n1" => random.Bernoulli(Arg(args, "p")),
        "randint" => random.RandInt((long)Arg(args, "low"), (long)Arg(args, "high")),
        _ => throw new InvalidDataException($"unknown function {function}"),
    };

    private static double Arg(string args, string name) =>
        double.Parse(
            args.Split(';').Select(a => a.Split('=')).Single(kv => kv[0] == name)[1],
            CultureInfo.InvariantCulture);
}
