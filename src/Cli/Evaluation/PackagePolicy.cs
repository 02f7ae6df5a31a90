using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;

namespace IndustrialSafeRL.Cli.Evaluation;

/// <summary>
/// A policy package as an Industrial Benchmark policy, run through the same runtime the controller uses (hash, tags,
/// shapes and test vectors checked on load), so evaluation measures exactly what would be deployed. A package with a
/// guide input (a <c>tag</c> guide, which perturbs whatever the PLC's controller proposes) is given the proposal of a
/// plant controller every step, as the plant server's guide tags give it to the host.
/// </summary>
internal sealed class PackagePolicy : IIndustrialBenchmarkPolicy, IDisposable
{
    private readonly PolicySession _session;
    private readonly int[] _observationIndex;
    private readonly int[] _actionIndex;
    private readonly int _width;
    private readonly bool _oldestFirst;
    private readonly IIndustrialBenchmarkPolicy? _plantController;
    private readonly double[] _guidePlant;

    private PackagePolicy(PolicySession session, IIndustrialBenchmarkPolicy? plantController)
    {
        _session = session;
        _plantController = plantController;
        _guidePlant = new double[3]; // the IB's three actions (velocity, gain, shift deltas)
        _observationIndex = [.. session.Package.ObservationIndex];
        _actionIndex = [.. session.Package.ActionIndex];
        _width = IndustrialBenchmark.Environment.IndustrialBenchmarkObservation.Size;
        Name = session.Package.Manifest.PolicyId;
        _oldestFirst = session.Package.OldestFirst;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The loaded package.</summary>
    public PolicyPackage Package => _session.Package;

    /// <summary>
    /// Loads and checks the package in <paramref name="directory"/> against the IB tags. A package with a guide input
    /// needs <paramref name="plantController"/>, the deterministic controller whose proposal it perturbs; a package
    /// without one refuses it, so a mistaken pairing is not silently ignored.
    /// </summary>
    public static PackagePolicy Load(string directory, IIndustrialBenchmarkPolicy? plantController = null)
    {
        var package = PolicyPackage.Load(directory, PlantTagMapping.IndustrialBenchmark);
        if (package.Manifest.GuideInput is not null && plantController is null)
        {
            throw new PolicyPackageException(package.Directory, [
                "guideInput: this policy perturbs the plant controller's proposal (a 'tag' guide); name that controller with --plant-controller "
                + $"({string.Join(", ", PlantControllers)})"]);
        }

        if (package.Manifest.GuideInput is null && plantController is not null)
        {
            throw new PolicyPackageException(package.Directory, [
                $"guideInput: the policy has no guide input, so the plant controller '{plantController.Name}' would not be used; drop --plant-controller"]);
        }

        return new PackagePolicy(PolicySession.Open(package), plantController);
    }

    /// <summary>The behaviour controllers that can stand in for the PLC's own controller (deterministic, ε = 0).</summary>
    public static IReadOnlyList<string> PlantControllers { get; } = ["bad", "mediocre", "optimized"];

    /// <inheritdoc />
    public void Reset() => _plantController?.Reset();

    /// <inheritdoc />
    public void Act(ReadOnlySpan<double> history, Span<double> action)
    {
        var input = _session.Input;
        var frames = _session.HistoryLength;
        var columns = _observationIndex.Length;
        if (history.Length < frames * _width)
        {
            throw new ArgumentException($"history: {history.Length / _width} frames, the policy needs {frames}", nameof(history));
        }

        for (var age = 0; age < frames; age++)
        {
            var frame = history.Slice(age * _width, _width);
            var row = input.Slice((_oldestFirst ? frames - 1 - age : age) * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                row[c] = (float)frame[_observationIndex[c]];
            }
        }

        if (_plantController is not null)
        {
            _plantController.Act(history, _guidePlant);
            var guide = _session.Guide;
            for (var i = 0; i < guide.Length; i++)
            {
                guide[i] = (float)_guidePlant[_actionIndex[i]];
            }
        }

        _session.Run();
        var output = _session.Output;
        for (var i = 0; i < output.Length; i++)
        {
            action[_actionIndex[i]] = output[i];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
