using System.Globalization;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Policy.Runtime.History;
using IndustrialSafeRL.Policy.Runtime.Packages;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace IndustrialSafeRL.Policy.Runtime.Inference;

/// <summary>
/// A policy package bound to one reused ONNX Runtime session. <see cref="Open"/> checks the graph's inputs and outputs
/// against the manifest, replays every test vector and runs the warm-up; only then is the session returned, so a
/// <see cref="PolicySession"/> in hand is always ready to activate. Inference goes through pre-allocated OrtValues over
/// pinned float buffers bound once (IOBinding): a call allocates nothing. Not thread-safe: one control loop at a time.
/// </summary>
public sealed class PolicySession : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtIoBinding binding;
    private readonly OrtValue inputValue;
    private readonly OrtValue? guideValue;
    private readonly OrtValue outputValue;
    private readonly float[] input;
    private readonly float[] guide;
    private readonly float[] output;
    private readonly int[] observationIndex;
    private readonly int[] actionIndex;
    private bool disposed;

    private PolicySession(PolicyPackage package, InferenceSession session)
    {
        Package = package;
        this.session = session;
        var m = package.Manifest;
        HistoryLength = m.Observation.HistoryLength;
        ObservationWidth = m.Observation.Tags.Count;
        ActionCount = m.Action.Tags.Count;
        observationIndex = [.. package.ObservationIndex];
        actionIndex = [.. package.ActionIndex];

        input = GC.AllocateArray<float>(HistoryLength * ObservationWidth, pinned: true);
        output = GC.AllocateArray<float>(ActionCount, pinned: true);
        guide = GC.AllocateArray<float>(m.GuideInput is null ? 0 : ActionCount, pinned: true);
        inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, HistoryLength, ObservationWidth]);
        outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, ActionCount]);
        binding = session.CreateIoBinding();
        binding.BindInput(m.Input.Name, inputValue);
        if (m.GuideInput is not null)
        {
            guideValue = OrtValue.CreateTensorValueFromMemory(guide, [1, ActionCount]);
            binding.BindInput(m.GuideInput.Name, guideValue);
        }

        binding.BindOutput(m.Output.Name, outputValue);
    }

    /// <summary>The package this session runs.</summary>
    public PolicyPackage Package { get; }

    /// <summary>Frames in the observation window.</summary>
    public int HistoryLength { get; }

    /// <summary>Observation tags per frame (the manifest's).</summary>
    public int ObservationWidth { get; }

    /// <summary>Action components.</summary>
    public int ActionCount { get; }

    /// <summary>True when the package has a guide input.</summary>
    public bool HasGuide => guideValue is not null;

    /// <summary>The input window (manifest tag and frame order), read by <see cref="Run"/>.</summary>
    public Span<float> Input => input;

    /// <summary>The guide input (manifest action order); empty without a guide.</summary>
    public Span<float> Guide => guide;

    /// <summary>The last output (manifest action order).</summary>
    public ReadOnlySpan<float> Output => output;

    /// <summary>
    /// Opens a session for <paramref name="package"/>: checks shapes and element types against the graph, replays the
    /// test vectors and warms up. Throws <see cref="PolicyPackageException"/> naming each field at fault.
    /// </summary>
    public static PolicySession Open(PolicyPackage package, PolicySessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        options ??= new PolicySessionOptions();
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };

        InferenceSession session;
        try
        {
            session = new InferenceSession(package.OnnxBytes.ToArray(), sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new PolicyPackageException(package.Directory, [$"onnx.file: ONNX Runtime cannot load {package.Manifest.Onnx.File}: {e.Message}"], e);
        }

        try
        {
            CheckGraph(package, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        var opened = new PolicySession(package, session);
        try
        {
            opened.CheckTestVectors(options.TestVectorTolerance);
            opened.WarmUp(options.WarmUpRuns);
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Runs the network on <see cref="Input"/> (and <see cref="Guide"/>) into <see cref="Output"/>. Allocates nothing.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        session.RunWithBinding(runOptions, binding);
    }

    /// <summary>
    /// One control-cycle inference: assembles the window from <paramref name="history"/> in the policy's tag order,
    /// copies <paramref name="guidePlant"/> (plant action order; ignored without a guide), runs, and writes the action
    /// in plant action order into <paramref name="actionPlant"/>. Allocates nothing.
    /// </summary>
    public void Infer(ObservationHistory history, ReadOnlySpan<double> guidePlant, Span<double> actionPlant)
    {
        ArgumentNullException.ThrowIfNull(history);
        history.CopyWindow(input, HistoryLength, observationIndex, Package.OldestFirst);
        if (guide.Length > 0)
        {
            for (var i = 0; i < guide.Length; i++)
            {
                guide[i] = (float)guidePlant[actionIndex[i]];
            }
        }

        Run();
        for (var i = 0; i < output.Length; i++)
        {
            actionPlant[actionIndex[i]] = output[i];
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        binding.Dispose();
        inputValue.Dispose();
        guideValue?.Dispose();
        outputValue.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }

    private static void CheckGraph(PolicyPackage package, InferenceSession session)
    {
        var m = package.Manifest;
        var errors = new List<string>();
        CheckTensor(m.Input, "input", session.InputMetadata, errors);
        CheckTensor(m.Output, "output", session.OutputMetadata, errors);
        if (m.GuideInput is not null)
        {
            CheckTensor(m.GuideInput, "guideInput", session.InputMetadata, errors);
        }

        var declared = new HashSet<string>(StringComparer.Ordinal) { m.Input.Name };
        if (m.GuideInput is not null)
        {
            declared.Add(m.GuideInput.Name);
        }

        foreach (var name in session.InputMetadata.Keys.Where(k => !declared.Contains(k)))
        {
            errors.Add($"input: the graph has an input '{name}' the manifest does not declare");
        }

        if (errors.Count > 0)
        {
            throw new PolicyPackageException(package.Directory, errors);
        }
    }

    private static void CheckTensor(TensorSpec spec, string field, IReadOnlyDictionary<string, NodeMetadata> graph, List<string> errors)
    {
        if (!graph.TryGetValue(spec.Name, out var meta))
        {
            errors.Add($"{field}.name: the graph has no tensor '{spec.Name}' (it has {string.Join(", ", graph.Keys)})");
            return;
        }

        if (meta.ElementDataType != TensorElementType.Float || spec.ElementType != "float32")
        {
            errors.Add($"{field}.elementType: the manifest says {spec.ElementType}, the graph has {meta.ElementDataType}; the runtime feeds float32");
        }

        var dims = meta.Dimensions;
        var same = dims.Length == spec.Shape.Count;
        for (var i = 0; same && i < dims.Length; i++)
        {
            // ONNX Runtime reports a symbolic (batch) dimension as -1.
            same = dims[i] == spec.Shape[i] || (spec.Shape[i] == -1 && dims[i] <= 0);
        }

        if (!same)
        {
            errors.Add($"{field}.shape: the manifest says [{string.Join(", ", spec.Shape)}], the graph has [{string.Join(", ", dims)}]");
        }
    }

    private void CheckTestVectors(double tolerance)
    {
        var m = Package.Manifest;
        var errors = new List<string>();
        if (m.TestVectors.Count == 0)
        {
            errors.Add("testVectors: a deployable package needs at least one test vector");
        }

        for (var v = 0; v < m.TestVectors.Count; v++)
        {
            var vector = m.TestVectors[v];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = vector.Input[i];
            }

            if (guide.Length > 0)
            {
                if (vector.Guide is null)
                {
                    errors.Add($"testVectors[{v}].guide: the package has a guide input, the vector has no guide values");
                    continue;
                }

                for (var i = 0; i < guide.Length; i++)
                {
                    guide[i] = vector.Guide[i];
                }
            }

            Run();
            for (var j = 0; j < output.Length; j++)
            {
                var expected = vector.Output[j];
                var actual = output[j];
                var bound = tolerance * Math.Max(1.0, Math.Abs(expected));
                if (!(Math.Abs(actual - expected) <= bound))
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture,
                        $"testVectors[{v}].output[{j}]: expected {expected:G9}, the network gives {actual:G9} (tolerance {bound:G3})"));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new PolicyPackageException(Package.Directory, errors);
        }
    }

    private void WarmUp(int runs)
    {
        var first = Package.Manifest.TestVectors[0];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = first.Input[i];
        }

        for (var r = 0; r < runs; r++)
        {
            Run();
        }

        Array.Clear(input);
        Array.Clear(guide);
    }
}
