using IndustrialSafeRL.IndustrialBenchmark.Policies;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;

namespace IndustrialSafeRL.Cli.Evaluation;

/// <summary>
/// A policy package as an Industrial Benchmark policy, run through the same runtime the controller uses (hash, tags,
/// shapes and test vectors checked on load), so evaluation measures exactly what would be deployed.
/// </summary>
internal sealed class PackagePolicy : IIndustrialBenchmarkPolicy, IDisposable
{
    private readonly PolicySession _session;
    private readonly int[] _observationIndex;
    private readonly int[] _actionIndex;
    private readonly int _width;
    private readonly bool _oldestFirst;

    private PackagePolicy(PolicySession session)
    {
        _session = session;
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

    /// <summary>Loads and checks the package in <paramref name="directory"/> against the IB tags.</summary>
    public static PackagePolicy Load(string directory)
    {
        var package = PolicyPackage.Load(directory, PlantTagMapping.IndustrialBenchmark);
        if (package.Manifest.GuideInput is not null)
        {
            throw new PolicyPackageException(package.Directory, ["guideInput: evaluating a policy that needs a guide action is not supported by this verb"]);
        }

        return new PackagePolicy(PolicySession.Open(package));
    }

    /// <inheritdoc />
    public void Reset()
    {
    }

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
