using System.Security.Cryptography;
using IndustrialSafeRL.Contracts.Policies;

namespace IndustrialSafeRL.Policy.Runtime.Packages;

/// <summary>
/// A policy package read from disk: the manifest and the ONNX bytes whose SHA-256 matches it, with the index maps
/// from the manifest's tag order to the plant's. <see cref="Load"/> checks the files, the hash and the tags;
/// <see cref="Inference.PolicySession"/> checks shapes and test vectors against ONNX Runtime.
/// </summary>
public sealed class PolicyPackage
{
    private PolicyPackage(string directory, PolicyManifest manifest, byte[] onnx, int[] observationIndex, int[] actionIndex)
    {
        Directory = directory;
        Manifest = manifest;
        OnnxBytes = onnx;
        ObservationIndex = observationIndex;
        ActionIndex = actionIndex;
    }

    /// <summary>The package directory (full path).</summary>
    public string Directory { get; }

    /// <summary>The validated manifest.</summary>
    public PolicyManifest Manifest { get; }

    /// <summary>The ONNX model, hash-verified.</summary>
    public ReadOnlyMemory<byte> OnnxBytes { get; }

    /// <summary>For each manifest observation tag, its index in the plant's observation tags.</summary>
    public IReadOnlyList<int> ObservationIndex { get; }

    /// <summary>For each manifest action tag, its index in the plant's action tags.</summary>
    public IReadOnlyList<int> ActionIndex { get; }

    /// <summary>True when the network wants its window oldest frame first (the manifest's frameOrder).</summary>
    public bool OldestFirst => Manifest.Observation.FrameOrder == "oldest-first";

    /// <summary>Policy id and version, e.g. <c>it2-k1 v3</c>.</summary>
    public string DisplayName => $"{Manifest.PolicyId} v{Manifest.Version}";

    /// <summary>
    /// Reads <c>policy.json</c> and the ONNX file from <paramref name="directory"/>, verifies the hash and maps the
    /// tags onto <paramref name="tags"/>. Throws <see cref="PolicyPackageException"/> naming each field at fault.
    /// </summary>
    public static PolicyPackage Load(string directory, PlantTagMapping tags)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(tags);
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new PolicyPackageException(full, ["directory: does not exist"]);
        }

        PolicyManifest manifest;
        try
        {
            manifest = PolicyManifest.Load(Path.Combine(full, PolicyManifest.FileName));
        }
        catch (PolicyManifestException e)
        {
            throw new PolicyPackageException(full, [.. e.Errors.Select(x => $"{PolicyManifest.FileName}: {x}")], e);
        }

        var onnxPath = Path.Combine(full, manifest.Onnx.File);
        byte[] onnx;
        try
        {
            onnx = File.ReadAllBytes(onnxPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyPackageException(full, [$"onnx.file: cannot read {manifest.Onnx.File}: {e.Message}"], e);
        }

        var errors = new List<string>();
        if (manifest.CheckOnnxHash(onnx) is { } hashProblem)
        {
            errors.Add(hashProblem);
        }

        var observationIndex = MapTags(manifest.Observation.Tags, tags.ObservationTags, "observation.tags", errors);
        var actionIndex = MapTags(manifest.Action.Tags, tags.ActionTags, "action.tags", errors);
        if (manifest.Action.Tags.Count != tags.ActionTags.Count)
        {
            errors.Add($"action.tags: the package drives {manifest.Action.Tags.Count} actuators, the plant has {tags.ActionTags.Count} ({string.Join(", ", tags.ActionTags)})");
        }

        return errors.Count > 0
            ? throw new PolicyPackageException(full, errors)
            : new PolicyPackage(full, manifest, onnx, observationIndex, actionIndex);
    }

    private static int[] MapTags(IReadOnlyList<string> wanted, IReadOnlyList<string> available, string field, List<string> errors)
    {
        var index = new int[wanted.Count];
        for (var i = 0; i < wanted.Count; i++)
        {
            index[i] = -1;
            for (var j = 0; j < available.Count; j++)
            {
                if (string.Equals(wanted[i], available[j], StringComparison.Ordinal))
                {
                    index[i] = j;
                    break;
                }
            }

            if (index[i] < 0)
            {
                errors.Add($"{field}[{i}]: '{wanted[i]}' is not in the configured tag mapping ({string.Join(", ", available)})");
            }
        }

        return index;
    }
}
