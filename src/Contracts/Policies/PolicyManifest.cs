using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndustrialSafeRL.Contracts.Policies;

/// <summary>
/// The sidecar <c>policy.json</c> of a policy package: everything a runtime needs to feed, trust and bound the
/// ONNX network next to it, and everything an engineer needs to know where it came from.
/// </summary>
public sealed record PolicyManifest
{
    /// <summary>The manifest schema this build writes and the newest it reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>File name of the manifest inside a package directory.</summary>
    public const string FileName = "policy.json";

    /// <summary>Schema version of this manifest.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Identity of the policy, e.g. <c>run-20261123-it2-k1</c>.</summary>
    public required string PolicyId { get; init; }

    /// <summary>Version of the policy (increases with every deployment iteration).</summary>
    public int Version { get; init; } = 1;

    /// <summary>When the package was written (UTC).</summary>
    public DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The ONNX file and its hash.</summary>
    public required OnnxFileInfo Onnx { get; init; }

    /// <summary>The observation-history input tensor.</summary>
    public required TensorSpec Input { get; init; }

    /// <summary>The guide-action input tensor, when the policy perturbs a guide controller's action.</summary>
    public TensorSpec? GuideInput { get; init; }

    /// <summary>The action output tensor.</summary>
    public required TensorSpec Output { get; init; }

    /// <summary>Observation tags, history length and normalisation.</summary>
    public required ObservationSpec Observation { get; init; }

    /// <summary>Action tags and bounds.</summary>
    public required ActionSpec Action { get; init; }

    /// <summary>The guide controller, when one is used.</summary>
    public GuideSpec? Guide { get; init; }

    /// <summary>The state region the policy was trained on; the shield keeps the plant inside it.</summary>
    public required DataSupport DataSupport { get; init; }

    /// <summary>Provenance of the training.</summary>
    public required TrainingInfo Training { get; init; }

    /// <summary>The change from the previously deployed policy, when there is one.</summary>
    public TrustRegionInfo? TrustRegion { get; init; }

    /// <summary>Inputs with the outputs the network must reproduce.</summary>
    public IReadOnlyList<TestVector> TestVectors { get; init; } = [];

    /// <summary>The JSON options manifests are read and written with.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads and validates a manifest; throws <see cref="PolicyManifestException"/> naming every field at fault.</summary>
    public static PolicyManifest Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyManifestException(path, [$"cannot read: {e.Message}"], e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates manifest text; <paramref name="source"/> names it in errors.</summary>
    public static PolicyManifest Parse(string json, string source)
    {
        int version;
        try
        {
            using var document = JsonDocument.Parse(json);
            version = document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out var n) ? n : 0;
        }
        catch (JsonException e)
        {
            throw new PolicyManifestException(source, [$"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}"], e);
        }

        if (version > CurrentSchemaVersion)
        {
            throw new PolicyManifestException(source, [$"schemaVersion: {version} is newer than this build supports ({CurrentSchemaVersion}); upgrade IndustrialSafeRL"]);
        }

        if (version < 1)
        {
            throw new PolicyManifestException(source, ["schemaVersion: missing or not a positive integer"]);
        }

        PolicyManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PolicyManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? string.Empty : $"{e.Path.TrimStart('$', '.')}: ";
            throw new PolicyManifestException(source, [$"{where}{e.Message}"], e);
        }

        if (manifest is null)
        {
            throw new PolicyManifestException(source, ["the document is null"]);
        }

        var errors = manifest.Validate();
        return errors.Count == 0 ? manifest : throw new PolicyManifestException(source, errors);
    }

    /// <summary>Writes the manifest as indented JSON after validating it.</summary>
    public void Save(string path)
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new PolicyManifestException(path, errors);
        }

        File.WriteAllText(path, ToJson());
    }

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Checks that <paramref name="onnx"/> is the file this manifest was written for: null when its SHA-256 matches
    /// <c>onnx.sha256</c>, else the problem, naming the field and both hashes.
    /// </summary>
    public string? CheckOnnxHash(ReadOnlySpan<byte> onnx)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnx));
        return string.Equals(hash, Onnx.Sha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"onnx.sha256: {Onnx.File} hashes to {hash}, the manifest records {Onnx.Sha256.ToLowerInvariant()}; the file was changed after export";
    }

    /// <summary>Every problem with this manifest, each naming its field (JSON path); empty when valid.</summary>
    public IReadOnlyList<string> Validate() => PolicyManifestValidator.Validate(this);
}

/// <summary>The ONNX file of a package.</summary>
public sealed record OnnxFileInfo(string File, string Sha256, int Opset);

/// <summary>A tensor's name, element type and shape; -1 marks the batch dimension.</summary>
public sealed record TensorSpec(string Name, IReadOnlyList<int> Shape, string ElementType = "float32");

/// <summary>Observation tags in frame order, the history window and the normalisation baked into the graph.</summary>
public sealed record ObservationSpec(
    IReadOnlyList<string> Tags,
    int HistoryLength,
    IReadOnlyList<double> Mean,
    IReadOnlyList<double> Std,
    string FrameOrder = "newest-first");

/// <summary>Action tags with the bounds the network's output is scaled into.</summary>
public sealed record ActionSpec(IReadOnlyList<string> Tags, IReadOnlyList<double> Low, IReadOnlyList<double> High);

/// <summary>The guide controller a policy perturbs (PAG): its kind, tags and the bound on the deviation (raw action
/// units, per action tag). <paramref name="Law"/> is the configured controller itself when the graph computes it, so
/// a runtime can recompute the guide action and its shield can enforce the bound; null for a PLC-tag guide.
/// With a <paramref name="Confidence"/> box the bound holds where λ(s) = 1; elsewhere it widens to
/// λ·DeviationBound + (1 − λ)·(high − low) of each action (see <see cref="GuideConfidence"/>).</summary>
public sealed record GuideSpec(string Kind, IReadOnlyList<string> Tags, IReadOnlyList<double> DeviationBound, GuideLaw? Law = null,
    GuideConfidence? Confidence = null);

/// <summary>The guide's confidence λ(s) ∈ [0, 1] from a box on the newest frame of some observation tags (raw
/// units): λ = clip(1 − Σ_j (max(0, Low_j − x_j) + max(0, x_j − High_j)) / Ramp_j, 0, 1). Inside the box (λ = 1)
/// the policy perturbs the guide; outside the ramp (λ = 0) it acts freely. The shield evaluates it
/// (<c>GuideConfidenceBox</c>).</summary>
public sealed record GuideConfidence(IReadOnlyList<string> Tags, IReadOnlyList<double> Low, IReadOnlyList<double> High, IReadOnlyList<double> Ramp);

/// <summary>A configured guide controller over the history window, per action tag j with e_t = Targets[j] − x_t on
/// <c>ObservationTags[j]</c> (raw units): u = clip(Kp·e_newest + Ki·Σ_window e_t + Kd·(e_newest − e_previous), −1, 1)
/// in normalised action units (−1 = action.low, +1 = action.high); the window is the policy's observation window.
/// A set-point controller clip((target − x)/scale, −1, 1) is Kp = 1/scale, Ki = Kd = 0.</summary>
public sealed record GuideLaw(IReadOnlyList<string> ObservationTags, IReadOnlyList<double> Targets, IReadOnlyList<double> Kp,
    IReadOnlyList<double> Ki, IReadOnlyList<double> Kd);

/// <summary>Per-tag bounds of the data the policy was trained on.</summary>
public sealed record DataSupport(IReadOnlyList<string> Tags, IReadOnlyList<double> Low, IReadOnlyList<double> High);

/// <summary>Where the policy came from.</summary>
public sealed record TrainingInfo
{
    /// <summary>SHA-256 of the training data (as the trainer defines it).</summary>
    public required string DatasetHash { get; init; }

    /// <summary>Number of transitions trained on.</summary>
    public long DatasetRows { get; init; }

    /// <summary>Trainer version.</summary>
    public required string TrainerVersion { get; init; }

    /// <summary>Random seed of the training run.</summary>
    public long Seed { get; init; }

    /// <summary>Transition model variant, e.g. <c>known-kinematics</c> or <c>learned</c>.</summary>
    public string TransitionModel { get; init; } = "learned";

    /// <summary>Safety variant, e.g. <c>bounds</c> or <c>likelihood</c>.</summary>
    public string Safety { get; init; } = "bounds";

    /// <summary>Every hyperparameter, by name.</summary>
    public IReadOnlyDictionary<string, double> Hyperparameters { get; init; } = new Dictionary<string, double>();

    /// <summary>Return the transition models predict for this policy.</summary>
    public double ModelEstimatedReturn { get; init; }
}

/// <summary>The measured change from the predecessor policy: max over logged states of ‖π_new − π_old‖²/(2σ²).</summary>
public sealed record TrustRegionInfo(string? PredecessorId, double MaxDivergence, double Epsilon, double Sigma);

/// <summary>A flattened input (and guide input) with the output the network must produce.</summary>
public sealed record TestVector(IReadOnlyList<float> Input, IReadOnlyList<float> Output, IReadOnlyList<float>? Guide = null);
