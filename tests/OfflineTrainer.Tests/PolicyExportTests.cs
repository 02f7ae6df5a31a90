using System.Diagnostics;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.OfflineTrainer.Configuration;
using IndustrialSafeRL.OfflineTrainer.Data;
using IndustrialSafeRL.OfflineTrainer.Export;
using IndustrialSafeRL.OfflineTrainer.Safety;
using IndustrialSafeRL.OfflineTrainer.Search;
using Microsoft.ML.OnnxRuntime;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

public sealed class PolicyExportTests : IDisposable
{
    private readonly string _dir = TrainerFixtures.TempDir();

    public PolicyExportTests() => TorchSetup.Ensure();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (PolicySet Policies, StateBounds Bounds) TrainedLikePolicies(int history)
    {
        var data = ToyPlant.Dataset(3, 60, 0.4, 8);
        var layout = PlantLayout.Derive(data, new TrainerConfig { HistoryLength = history });
        var policies = new PolicySet(layout, 3, [32, 32], 21);
        return (policies, StateBounds.FromData(data, new SafetyConfig()));
    }

    private static PolicyExportInfo Info(StateBounds bounds) => new("test-k1", new string('a', 64), 180, 5, "bounds",
        new Dictionary<string, double> { ["search.horizon"] = 10 }, -42.5, bounds);

    [Fact]
    public void Onnx_runtime_reproduces_torchsharp_on_1000_random_inputs()
    {
        var (policies, bounds) = TrainedLikePolicies(30);
        using var _ = policies;
        var manifest = PolicyExporter.Export(policies, 1, Info(bounds), _dir);
        var inputs = PolicyExporter.TestInputs(policies.Layout, 1000, 99);
        var expected = PolicyExporter.Reference(policies, 1, inputs);

        using var session = new InferenceSession(Path.Combine(_dir, "policy.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [1000, policies.Layout.HistoryLength, policies.Layout.ObservationWidth]);
        using var results = session.Run(new RunOptions(), [manifest.Input.Name], [input], [manifest.Output.Name]);
        var actual = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= 1e-5, $"max |ORT − TorchSharp| = {worst}");
        // The actions really vary (the test is not comparing constants) and stay within the bounds.
        Assert.True(actual.Max() - actual.Min() > 0.1);
        Assert.All(actual, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void Package_is_self_contained_and_its_manifest_round_trips()
    {
        var (policies, bounds) = TrainedLikePolicies(4);
        using var _ = policies;
        PolicyExporter.Export(policies, 0, Info(bounds), _dir);
        var manifest = PolicyManifest.Load(Path.Combine(_dir, PolicyManifest.FileName));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(_dir, "policy.onnx")))), manifest.Onnx.Sha256);
        Assert.Equal("known-kinematics", manifest.Training.TransitionModel);
        Assert.Equal(PlantLayout.IbObservationTags, manifest.Observation.Tags);
        Assert.Equal(4, manifest.Observation.HistoryLength);
        Assert.Equal(bounds.Low, manifest.DataSupport.Low);
        Assert.Equal(PolicyExporter.TestVectorCount, manifest.TestVectors.Count);

        // The manifest's test vectors hold for ONNX Runtime.
        using var session = new InferenceSession(Path.Combine(_dir, "policy.onnx"));
        foreach (var vector in manifest.TestVectors)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(vector.Input.ToArray(), [1, manifest.Observation.HistoryLength, manifest.Observation.Tags.Count]);
            using var results = session.Run(new RunOptions(), [manifest.Input.Name], [input], [manifest.Output.Name]);
            var output = results[0].GetTensorDataAsSpan<float>().ToArray();
            for (var j = 0; j < output.Length; j++)
            {
                Assert.Equal(vector.Output[j], output[j], 1e-5f);
            }
        }
    }

    [Fact]
    public void Python_onnx_checker_accepts_the_exported_file()
    {
        var (policies, bounds) = TrainedLikePolicies(30);
        using var _ = policies;
        PolicyExporter.Export(policies, 2, Info(bounds), _dir);
        var path = Path.Combine(_dir, "policy.onnx");
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { "-c", "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print(len(m.graph.node))", path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"onnx.checker refused the model: {stderr}");
        // normalise (2) + flatten + 3 × (Gemm, Tanh) + scale (2)
        Assert.Equal("11", stdout.Trim());
    }
}
