using System.Globalization;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.IndustrialBenchmark.Evaluation;
using IndustrialSafeRL.IndustrialBenchmark.Policies;
using Microsoft.ML.OnnxRuntime;

/// <summary>Evaluates exported policy packages on the true IB with the protocol of DESIGN §4 (setpoint 70, 100 steps,
/// γ 0.97, reward/100, 100 episodes), through ONNX Runtime — the offline-quality table.</summary>
internal static class PackageEvaluation
{
    public static int Run(string[] args)
    {
        var episodes = 100;
        var packages = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--episodes")
            {
                episodes = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                packages.Add(args[i]);
            }
        }

        foreach (var dir in packages)
        {
            using var policy = new OnnxPackagePolicy(dir);
            var result = PolicyEvaluation.Evaluate(policy, new EvaluationOptions { Episodes = episodes });
            var manifest = policy.Manifest;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{dir}: true return {result.Mean:F2} ± {result.StandardError:F2}  (model-estimated {manifest.Training.ModelEstimatedReturn:F2})"));
        }

        return 0;
    }

    /// <summary>A package as an IB policy: newest-first history from the environment, reordered into the package's frame order.</summary>
    private sealed class OnnxPackagePolicy : IIndustrialBenchmarkPolicy, IDisposable
    {
        private readonly InferenceSession _session;
        private readonly float[] _input;
        private readonly OrtValue _inputValue;
        private readonly int _frames;
        private readonly int _width;
        private readonly bool _oldestFirst;

        public OnnxPackagePolicy(string dir)
        {
            Manifest = PolicyManifest.Load(Path.Combine(dir, PolicyManifest.FileName));
            _session = new InferenceSession(Path.Combine(dir, Manifest.Onnx.File));
            _frames = Manifest.Observation.HistoryLength;
            _width = Manifest.Observation.Tags.Count;
            _oldestFirst = Manifest.Observation.FrameOrder == "oldest-first";
            _input = new float[_frames * _width];
            _inputValue = OrtValue.CreateTensorValueFromMemory(_input, [1, _frames, _width]);
            Name = Path.GetFileName(Path.GetFullPath(dir));
        }

        public PolicyManifest Manifest { get; }

        public string Name { get; }

        public void Reset()
        {
        }

        public void Act(ReadOnlySpan<double> history, Span<double> action)
        {
            for (var f = 0; f < _frames; f++)
            {
                var source = _oldestFirst ? _frames - 1 - f : f;
                for (var i = 0; i < _width; i++)
                {
                    _input[(f * _width) + i] = (float)history[(source * _width) + i];
                }
            }

            using var results = _session.Run(new RunOptions(), [Manifest.Input.Name], [_inputValue], [Manifest.Output.Name]);
            var output = results[0].GetTensorDataAsSpan<float>();
            for (var j = 0; j < action.Length; j++)
            {
                action[j] = output[j];
            }
        }

        public void Dispose()
        {
            _inputValue.Dispose();
            _session.Dispose();
        }
    }
}
