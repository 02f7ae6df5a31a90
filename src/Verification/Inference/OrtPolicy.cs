using IndustrialSafeRL.Contracts.Policies;
using Microsoft.ML.OnnxRuntime;

namespace IndustrialSafeRL.Verification.Inference;

/// <summary>
/// A package's network run through ONNX Runtime in batches, as the runtime will run it: the observation window
/// [n, L, D] (and the guide action [n, A] when the manifest declares one) in, the action [n, A] out.
/// </summary>
public sealed class OrtPolicy : IDisposable
{
    private readonly InferenceSession _session;
    private readonly PolicyManifest _manifest;

    /// <summary>Creates a session on the model bytes; throws <see cref="OnnxRuntimeException"/> when ONNX Runtime refuses them.</summary>
    public OrtPolicy(byte[] onnx, PolicyManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(manifest);
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        _session = new InferenceSession(onnx, options);
        _manifest = manifest;
    }

    /// <summary>History length L.</summary>
    public int HistoryLength => _manifest.Observation.HistoryLength;

    /// <summary>Observation tags per frame D.</summary>
    public int Tags => _manifest.Observation.Tags.Count;

    /// <summary>Action width A.</summary>
    public int Actions => _manifest.Action.Tags.Count;

    /// <summary>Runs <paramref name="count"/> windows (row-major [count, L, D]); returns [count, A].</summary>
    public float[] Run(float[] windows, int count, float[]? guide = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Length != count * HistoryLength * Tags)
        {
            throw new ArgumentException($"{windows.Length} values for {count} windows of {HistoryLength}×{Tags}", nameof(windows));
        }

        var names = new List<string> { _manifest.Input.Name };
        var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(windows, [count, HistoryLength, Tags]) };
        try
        {
            if (_manifest.GuideInput is { } guideSpec)
            {
                if (guide is null || guide.Length != count * Actions)
                {
                    throw new ArgumentException($"the package takes a guide input '{guideSpec.Name}' of {Actions} values per window", nameof(guide));
                }

                names.Add(guideSpec.Name);
                values.Add(OrtValue.CreateTensorValueFromMemory(guide, [count, Actions]));
            }

            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, [_manifest.Output.Name]);
            var result = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            return result.Length == count * Actions
                ? result
                : throw new InvalidOperationException($"output '{_manifest.Output.Name}' has {result.Length} values, expected {count}×{Actions}");
        }
        finally
        {
            foreach (var v in values)
            {
                v.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
