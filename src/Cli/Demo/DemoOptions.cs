using System.Globalization;
using IndustrialSafeRL.IndustrialBenchmark.Policies;

namespace IndustrialSafeRL.Cli.Demo;

/// <summary>Settings of <c>isrl demo</c>; every field has a documented default chosen for 2 cores.</summary>
public sealed record DemoOptions
{
    /// <summary>Behaviour dataset D_0 as <c>policy-epsilon</c> (bad, mediocre, optimized; ε in [0, 1]). Default mediocre-0.2.</summary>
    public string Dataset { get; init; } = "mediocre-0.2";

    /// <summary>Train → deploy → collect iterations. Default 4 (quick: 2).</summary>
    public int Iterations { get; init; } = 4;

    /// <summary>Policies per iteration (K). Default 3.</summary>
    public int Policies { get; init; } = 3;

    /// <summary>Small settings that finish within about two minutes.</summary>
    public bool Quick { get; init; }

    /// <summary>Output folder (store, packages, logs, report). Default runs/demo.</summary>
    public string Output { get; init; } = Path.Combine("runs", "demo");

    /// <summary>Diversity weight α_d relative to |J| at initialisation; null keeps the trainer's default.</summary>
    public double? AlphaDiversity { get; init; }

    /// <summary>ε-retrain start states (DESIGN §5.5) as <c>eps0,epsmin,omega,beta,N</c>, or <c>on</c> for the trainer's
    /// defaults; null (default): off.</summary>
    public string? Retrain { get; init; }

    /// <summary>Local guide (PAG): <c>behaviour</c> (the dataset's behaviour set-point controller) or a trainer guide
    /// spec (<c>setpoint:…</c>, <c>pid:…</c>); its β continues from one iteration to the next. Null (default): none.</summary>
    public string? Guide { get; init; }

    /// <summary>Trust region (FixPO) between successive iterations as <c>eps[,sigma]</c>, or <c>on</c> for the trainer's
    /// defaults; null (default): off.</summary>
    public string? TrustRegion { get; init; }

    /// <summary>Seed of data generation, training and evaluation. Default 0.</summary>
    public uint Seed { get; init; }

    /// <summary>Episodes of D_0 (default 100; quick 20).</summary>
    public int DatasetEpisodes => Quick ? 20 : 100;

    /// <summary>Steps per D_0 episode (default 1000; quick 200).</summary>
    public int DatasetSteps => Quick ? 200 : 1000;

    /// <summary>Control cycles each policy runs on the simulator per iteration (default 1000; quick 150).</summary>
    public int DeploymentSteps => Quick ? 150 : 1000;

    /// <summary>Evaluation episodes on the true simulator (the protocol's 100; quick 20).</summary>
    public int EvaluationEpisodes => Quick ? 20 : 100;

    /// <summary>The behaviour policy name of <see cref="Dataset"/>.</summary>
    public string BehaviourName => Parse().Name;

    /// <summary>The ε of <see cref="Dataset"/>.</summary>
    public double Epsilon => Parse().Epsilon;

    /// <summary>Throws naming the first invalid field.</summary>
    public DemoOptions Validate()
    {
        _ = Parse();
        if (Iterations is < 1 or > 50)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "--iterations must lie in [1, 50]");
        }

        if (Policies is < 1 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Policies), Policies, "--k must lie in [1, 10]");
        }

        if (AlphaDiversity is { } a && (!double.IsFinite(a) || a < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(AlphaDiversity), a, "--alpha-div must be a finite number ≥ 0");
        }

        _ = DemoTraining.Config(this, 1);

        if (string.IsNullOrWhiteSpace(Output))
        {
            throw new ArgumentException("--out must name a folder", nameof(Output));
        }

        return this;
    }

    private (string Name, double Epsilon) Parse()
    {
        var dash = Dataset.LastIndexOf('-');
        if (dash <= 0
            || !BehaviourPolicies.IsName(Dataset[..dash])
            || Dataset[..dash] == "random"
            || !double.TryParse(Dataset[(dash + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var epsilon)
            || epsilon is < 0 or > 1)
        {
            throw new ArgumentException(
                $"--dataset: '{Dataset}' is not <policy>-<epsilon> with policy bad, mediocre or optimized and ε in [0, 1] (e.g. mediocre-0.2)",
                nameof(Dataset));
        }

        return (Dataset[..dash], epsilon);
    }
}
