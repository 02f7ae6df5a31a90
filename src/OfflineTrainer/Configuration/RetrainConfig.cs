using System.Globalization;

namespace IndustrialSafeRL.OfflineTrainer.Configuration;

/// <summary>ε-retrain (DESIGN §5.5): start windows drawn, with a decaying probability ε, from boxes of radius ω
/// (normalised units) around states where a constraint was violated. Disabled by default.</summary>
public sealed record RetrainConfig
{
    /// <summary>Whether the search draws starts from retrain areas (default false). The areas built from the
    /// data are still used to evaluate rollout bound violations in the report when this is off.</summary>
    public bool Enabled { get; init; }

    /// <summary>ε₀, the probability of an area start at the first search step (default 0.5).</summary>
    public double Eps0 { get; init; } = 0.5;

    /// <summary>ε_min, reached linearly at the last search step (default 0.05).</summary>
    public double EpsMin { get; init; } = 0.05;

    /// <summary>Half-width ω of an area box per dimension, in normalised (z-scored) units (default 0.5).</summary>
    public double Omega { get; init; } = 0.5;

    /// <summary>β: a new box merges into a stored one (which becomes their hull) when
    /// vol(intersection)/vol(smaller box) ≥ β (default 0.5).</summary>
    public double Beta { get; init; } = 0.5;

    /// <summary>N, the most areas kept; beyond it the oldest area not from <see cref="States"/> is evicted (default 64).</summary>
    public int MaxAreas { get; init; } = 64;

    /// <summary>Search steps between refreshes of rollout-sourced areas from the step's own rollouts (default 20).</summary>
    public int RefreshEvery { get; init; } = 20;

    /// <summary>Use logged violations: rows that were shed, flagged out of support or changed by the shield, and
    /// logged states outside the trained state bounds (default true).</summary>
    public bool FromLog { get; init; } = true;

    /// <summary>Use the states where model rollouts of the current policies first leave the state bounds (default true).</summary>
    public bool FromRollouts { get; init; } = true;

    /// <summary>Explicit violation states in raw units, tag → value; a tag left out spans the whole logged range (default none).</summary>
    public List<Dictionary<string, double>> States { get; init; } = [];

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        TransitionEnsembleConfig.Require(Eps0 is >= 0 and <= 1, nameof(Eps0), "must be in [0, 1]");
        TransitionEnsembleConfig.Require(EpsMin is >= 0 and <= 1, nameof(EpsMin), "must be in [0, 1]");
        TransitionEnsembleConfig.Require(EpsMin <= Eps0, nameof(EpsMin), "must not exceed Eps0");
        TransitionEnsembleConfig.Require(Omega > 0 && double.IsFinite(Omega), nameof(Omega), "must be positive and finite");
        TransitionEnsembleConfig.Require(Beta is > 0 and <= 1, nameof(Beta), "must be in (0, 1]");
        TransitionEnsembleConfig.Require(MaxAreas >= 1, nameof(MaxAreas), "must be at least 1");
        TransitionEnsembleConfig.Require(RefreshEvery >= 1, nameof(RefreshEvery), "must be at least 1");
        TransitionEnsembleConfig.Require(States is not null && States.Count <= MaxAreas, nameof(States), "must hold at most MaxAreas states");
        for (var i = 0; i < States!.Count; i++)
        {
            TransitionEnsembleConfig.Require(States[i] is { Count: > 0 } s && s.Values.All(double.IsFinite), $"{nameof(States)}[{i}]", "needs at least one tag with a finite value");
        }
    }

    /// <summary>Parses the CLI form <c>eps0,epsmin,omega,beta,N</c> into an enabled config based on <paramref name="baseline"/>;
    /// throws <see cref="ArgumentException"/> naming the field at fault.</summary>
    public static RetrainConfig Parse(string text, RetrainConfig? baseline = null)
    {
        string[] names = ["eps0", "epsmin", "omega", "beta", "N"];
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != names.Length)
        {
            throw new ArgumentException($"--retrain expects 5 comma-separated values eps0,epsmin,omega,beta,N; got {parts.Length} in '{text}'", nameof(text));
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new ArgumentException($"--retrain {names[i]}: '{parts[i]}' is not a number", names[i]);
            }
        }

        if (!int.TryParse(parts[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            throw new ArgumentException($"--retrain N: '{parts[4]}' is not a whole number", "N");
        }

        var config = (baseline ?? new RetrainConfig()) with { Enabled = true, Eps0 = values[0], EpsMin = values[1], Omega = values[2], Beta = values[3], MaxAreas = n };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            var field = e.ParamName switch
            {
                nameof(Eps0) => "eps0",
                nameof(EpsMin) => "epsmin",
                nameof(Omega) => "omega",
                nameof(Beta) => "beta",
                nameof(MaxAreas) => "N",
                _ => e.ParamName,
            };
            var reason = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new ArgumentException($"--retrain {field}: {reason}", field, e);
        }

        return config;
    }
}
