using System.Globalization;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;

namespace IndustrialSafeRL.IndustrialBenchmark.Policies;

/// <summary>
/// The named behaviour policies of the offline-RL datasets: set-point controllers <c>bad</c> (100, 100, 100),
/// <c>mediocre</c> (25, 25, 25), <c>optimized</c> (40, 45, 58), each with ε-random mixing, and <c>random</c>.
/// </summary>
public static class BehaviourPolicies
{
    /// <summary>The names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bad", "mediocre", "optimized", "random"];

    /// <summary>True if <paramref name="name"/> is a behaviour policy name.</summary>
    public static bool IsName(string? name) => name is not null && Names.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// The behaviour policy <paramref name="name"/> with random share <paramref name="epsilon"/>; its random draws
    /// come from a numpy-compatible generator seeded with <paramref name="seed"/>.
    /// </summary>
    public static IIndustrialBenchmarkPolicy Create(string name, double epsilon, uint seed) =>
        Create(name, epsilon, new NumpyLegacyRandom(seed));

    /// <summary>The behaviour policy <paramref name="name"/> drawing from <paramref name="random"/>.</summary>
    public static IIndustrialBenchmarkPolicy Create(string name, double epsilon, IRandomSource random)
    {
        var id = IdOf(name, epsilon);
        return name switch
        {
            "bad" => new SetPointController(id, 100.0, 100.0, 100.0, epsilon, random),
            "mediocre" => new SetPointController(id, 25.0, 25.0, 25.0, epsilon, random),
            "optimized" => new SetPointController(id, 40.0, 45.0, 58.0, epsilon, random),
            "random" => new RandomPolicy(random),
            _ => throw new ArgumentException(
                $"unknown behaviour policy '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>The policy id used in dataset rows: <c>mediocre-0.2</c>, or <c>random</c>.</summary>
    public static string IdOf(string name, double epsilon) =>
        name == "random" ? "random" : string.Create(CultureInfo.InvariantCulture, $"{name}-{epsilon:0.###}");
}
