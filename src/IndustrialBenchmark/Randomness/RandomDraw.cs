namespace IndustrialSafeRL.IndustrialBenchmark.Randomness;

/// <summary>The kind of a random draw, with the one-letter tag the golden files use.</summary>
public enum RandomDrawKind
{
    /// <summary><c>E</c>: exponential.</summary>
    Exponential,

    /// <summary><c>U</c>: uniform in [0, 1).</summary>
    Uniform,

    /// <summary><c>B</c>: binomial with n = 1 (outcome 0 or 1).</summary>
    Bernoulli,

    /// <summary><c>N</c>: normal with a mean and standard deviation (value already shifted and scaled).</summary>
    Normal,

    /// <summary><c>G</c>: standard normal.</summary>
    StandardNormal,

    /// <summary><c>I</c>: random integer.</summary>
    RandInt,
}

/// <summary>One recorded random draw: its kind and the value returned.</summary>
public readonly record struct RandomDraw(RandomDrawKind Kind, double Value)
{
    /// <summary>The one-letter tag of a kind (E, U, B, N, G, I).</summary>
    public static char TagOf(RandomDrawKind kind) => kind switch
    {
        RandomDrawKind.Exponential => 'E',
        RandomDrawKind.Uniform => 'U',
        RandomDrawKind.Bernoulli => 'B',
        RandomDrawKind.Normal => 'N',
        RandomDrawKind.StandardNormal => 'G',
        RandomDrawKind.RandInt => 'I',
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown draw kind"),
    };

    /// <summary>The kind of a one-letter tag.</summary>
    public static RandomDrawKind KindOf(char tag) => tag switch
    {
        'E' => RandomDrawKind.Exponential,
        'U' => RandomDrawKind.Uniform,
        'B' => RandomDrawKind.Bernoulli,
        'N' => RandomDrawKind.Normal,
        'G' => RandomDrawKind.StandardNormal,
        'I' => RandomDrawKind.RandInt,
        _ => throw new FormatException($"unknown draw tag '{tag}' (expected one of E, U, B, N, G, I)"),
    };

    /// <summary>The draw as <c>TAG:value</c> with a round-trip value.</summary>
    public override string ToString() =>
        Kind is RandomDrawKind.Bernoulli or RandomDrawKind.RandInt
            ? FormattableString.Invariant($"{TagOf(Kind)}:{(long)Value}")
            : FormattableString.Invariant($"{TagOf(Kind)}:{Value:R}");

    /// <summary>Parses a <c>;</c>-separated list of <c>TAG:value</c> items, as in the golden <c>draws</c> column.</summary>
    public static IEnumerable<RandomDraw> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var item in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Length < 3 || item[1] != ':')
            {
                throw new FormatException($"draw '{item}' is not of the form TAG:value");
            }

            yield return new RandomDraw(KindOf(item[0]), double.Parse(item.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
