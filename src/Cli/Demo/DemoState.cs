using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndustrialSafeRL.Cli.Demo;

/// <summary>
/// What a demo run has finished, saved after every phase to <c>demo.json</c> so that running the same command again
/// continues from there. Also the data the report is written from.
/// </summary>
public sealed class DemoState
{
    /// <summary>The options the run was started with (a resumed run must match them, but for more iterations).</summary>
    public required DemoOptions Options { get; set; }

    /// <summary>True return of the behaviour policy (with its ε) under the evaluation protocol.</summary>
    public Estimate? Behaviour { get; set; }

    /// <summary>Rows of D_0.</summary>
    public long DatasetRows { get; set; }

    /// <summary>True return of a set-point guide alone (ε = 0), when the run uses one.</summary>
    public Estimate? Guide { get; set; }

    /// <summary>Coverage of D_0.</summary>
    public Coverage? DatasetCoverage { get; set; }

    /// <summary>Per-dimension standard deviation of (v, g, h, f, c) in D_0, the scale of trajectory distances.</summary>
    public double[] StateScale { get; set; } = [];

    /// <summary>Finished or partly finished iterations.</summary>
    public List<IterationRecord> Iterations { get; set; } = [];

    /// <summary>JSON settings of the state file.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads a state file, or null when there is none.</summary>
    public static DemoState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DemoState>(File.ReadAllText(path), JsonOptions)
                ?? throw new InvalidDataException($"{path}: empty demo state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a demo state file ({e.Message}); choose another --out folder", e);
        }
    }

    /// <summary>Writes the state atomically (a crash leaves the old or the new file, never half of one).</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, JsonOptions));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>A mean with its standard error.</summary>
public sealed record Estimate(double Mean, double StandardError);

/// <summary>Unique discretised cells the data visits (the SACo idea).</summary>
public sealed record Coverage(long StateCells, long StateActionCells);

/// <summary>One train → gate → deploy → evaluate iteration.</summary>
public sealed class IterationRecord
{
    /// <summary>Iteration number from 1.</summary>
    public int Index { get; set; }

    /// <summary>Training output folder.</summary>
    public string TrainingFolder { get; set; } = string.Empty;

    /// <summary>Policy package folders, k = 0…K−1.</summary>
    public List<string> Packages { get; set; } = [];

    /// <summary>Policy ids, in package order.</summary>
    public List<string> PolicyIds { get; set; } = [];

    /// <summary>Model-estimated return per policy (the models' own scale).</summary>
    public List<double> ModelReturns { get; set; } = [];

    /// <summary>The policy the models rank best.</summary>
    public int BestByModel { get; set; }

    /// <summary>MinLSED of the K policies in the models at the end of training.</summary>
    public double ModelMinLsed { get; set; }

    /// <summary>Rows the training used.</summary>
    public long TrainingRows { get; set; }

    /// <summary>Training time.</summary>
    public double TrainingSeconds { get; set; }

    /// <summary>Gate verdict per package ("passed" or the reason).</summary>
    public List<string> Gate { get; set; } = [];

    /// <summary>Deployment runs finished (one per package).</summary>
    public List<DeploymentRecord> Deployments { get; set; } = [];

    /// <summary>True return per policy under the evaluation protocol.</summary>
    public List<Estimate> TrueReturns { get; set; } = [];

    /// <summary>Min and mean pairwise LSED of the K policies' true trajectories from one reset.</summary>
    public double TrueMinLsed { get; set; }

    /// <summary>Mean pairwise LSED of the true trajectories.</summary>
    public double TrueMeanLsed { get; set; }

    /// <summary>Coverage of all data after this iteration's deployment.</summary>
    public Coverage? CoverageAfter { get; set; }

    /// <summary>Rows in the store after this iteration.</summary>
    public long RowsAfter { get; set; }

    /// <summary>Wall time of the whole iteration.</summary>
    public double WallSeconds { get; set; }

    /// <summary>What the trainer's optional methods did in this iteration (DESIGN §5.5).</summary>
    public MethodRecord Methods { get; set; } = new();

    /// <summary>True once evaluation and coverage are recorded.</summary>
    public bool Finished { get; set; }
}

/// <summary>One policy's deployment over OPC UA in an iteration.</summary>
public sealed class DeploymentRecord
{
    /// <summary>Run id of its rows in the store.</summary>
    public string RunId { get; set; } = string.Empty;

    /// <summary>Policy id.</summary>
    public string PolicyId { get; set; } = string.Empty;

    /// <summary>Control cycles logged.</summary>
    public long Rows { get; set; }

    /// <summary>Cycles in Auto that wrote actions.</summary>
    public long AutoRows { get; set; }

    /// <summary>Simulator steps the server took (one per write).</summary>
    public long SimulatorSteps { get; set; }

    /// <summary>Steps the plant's own (PLC) controller took while the host did not write.</summary>
    public long PlantControllerSteps { get; set; }

    /// <summary>Mean real cost per step, 3f + c, over the Auto rows.</summary>
    public double MeanCost { get; set; }

    /// <summary>Shield interventions by unit.</summary>
    public Dictionary<string, long> Interventions { get; set; } = [];

    /// <summary>Cycles logged as shed.</summary>
    public long ShedRows { get; set; }

    /// <summary>Wall time.</summary>
    public double Seconds { get; set; }
}

/// <summary>Per-iteration figures of the trainer's optional methods; null fields: the method was off.</summary>
public sealed class MethodRecord
{
    /// <summary>Share of model-rollout steps outside the state bounds, final policies, uniform logged starts (always measured).</summary>
    public double? ViolationsUniform { get; set; }

    /// <summary>The same from starts inside the retrain areas built from the data.</summary>
    public double? ViolationsAreas { get; set; }

    /// <summary>ε-retrain: areas at the end of the search.</summary>
    public int? RetrainAreas { get; set; }

    /// <summary>ε-retrain: share of training starts drawn from areas.</summary>
    public double? RetrainFromAreas { get; set; }

    /// <summary>Local guide: β at the first and last search step.</summary>
    public double[]? GuideBeta { get; set; }

    /// <summary>Local guide: the exported deviation bound Φ(1 − β), normalised action units.</summary>
    public double? GuideBound { get; set; }

    /// <summary>Local guide: the guide floor's pull per policy (1 = unchanged, 0 = the guide), or null without the floor.</summary>
    public double[]? GuidePulls { get; set; }

    /// <summary>Trust region: ε_KL.</summary>
    public double? TrustEpsilon { get; set; }

    /// <summary>Trust region: max D per policy over all logged states after the main phase.</summary>
    public double[]? TrustMaxBefore { get; set; }

    /// <summary>Trust region: max D per policy after the fixup (what the manifests record).</summary>
    public double[]? TrustMaxAfter { get; set; }

    /// <summary>Trust region: fixup steps and main-phase steps.</summary>
    public int[]? TrustSteps { get; set; }
}
