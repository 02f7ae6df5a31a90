using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Policy.Runtime.Inference;
using IndustrialSafeRL.Policy.Runtime.Packages;
using IndustrialSafeRL.Policy.Runtime.Tests.Support;

namespace IndustrialSafeRL.Policy.Runtime.Tests;

public sealed class PolicyPackageTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("isrl-policy-").FullName;
    private static readonly TestPolicyPackages.Mlp Mlp = TestPolicyPackages.Mlp.Random(7);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Dir(string name) => Path.Combine(root, name);

    private static PolicyPackageException Refused(string directory, PlantTagMapping? tags = null) =>
        Assert.Throws<PolicyPackageException>(() =>
        {
            using var session = PolicySession.Open(PolicyPackage.Load(directory, tags ?? PlantTagMapping.IndustrialBenchmark));
        });

    [Fact]
    public void A_valid_package_opens_and_reproduces_the_reference_network()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("ok"), Mlp);
        using var session = PolicySession.Open(PolicyPackage.Load(dir, PlantTagMapping.IndustrialBenchmark));
        Assert.Equal(30, session.HistoryLength);
        Assert.Equal(3, session.ActionCount);
        var window = TestPolicyPackages.Window(42);
        window.CopyTo(session.Input);
        session.Run();
        var expected = Mlp.Forward(window);
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(expected[j], session.Output[j], 1e-5);
        }

        Assert.Contains(expected, v => Math.Abs(v) > 0.05);
    }

    [Fact]
    public void A_changed_onnx_file_is_refused_naming_the_hash()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("hash"), Mlp);
        var path = Path.Combine(dir, "policy.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<PolicyPackageException>(() => PolicyPackage.Load(dir, PlantTagMapping.IndustrialBenchmark));
        Assert.StartsWith("onnx.sha256:", Assert.Single(e.Errors));
    }

    [Fact]
    public void A_manifest_whose_shape_disagrees_with_the_graph_is_refused_naming_the_shape()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("shape"), Mlp, edit: m => m with
        {
            Observation = m.Observation with { HistoryLength = 20 },
            Input = m.Input with { Shape = [-1, 20, 6] },
            TestVectors = [.. m.TestVectors.Select(v => v with { Input = [.. v.Input.Take(120)] })],
        });
        var e = Refused(dir);
        Assert.Contains(e.Errors, x => x.StartsWith("input.shape:", StringComparison.Ordinal) && x.Contains("[-1, 30, 6]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_manifest_naming_a_tensor_the_graph_lacks_is_refused()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("name"), Mlp, edit: m => m with { Output = m.Output with { Name = "act" } });
        var e = Refused(dir);
        Assert.Contains(e.Errors, x => x.StartsWith("output.name: the graph has no tensor 'act'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tag_missing_from_the_configured_mapping_is_refused_naming_the_tag()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("tags"), Mlp);
        var plant = new PlantTagMapping(["setpoint", "velocity", "gain", "shift", "fatigue", "power"], TestPolicyPackages.ActionTags);
        var e = Assert.Throws<PolicyPackageException>(() => PolicyPackage.Load(dir, plant));
        Assert.Contains(e.Errors, x => x.StartsWith("observation.tags[5]: 'consumption'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_test_vector_the_network_does_not_reproduce_is_refused_naming_the_component()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("vector"), Mlp, edit: m => m with
        {
            TestVectors = [m.TestVectors[0], m.TestVectors[1] with { Output = [m.TestVectors[1].Output[0], m.TestVectors[1].Output[1] + 1e-3f, m.TestVectors[1].Output[2]] }],
        });
        var e = Refused(dir);
        Assert.StartsWith("testVectors[1].output[1]:", Assert.Single(e.Errors));
    }

    [Fact]
    public void A_package_without_test_vectors_is_refused()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("novectors"), Mlp, edit: m => m with { TestVectors = [] });
        Assert.StartsWith("testVectors:", Assert.Single(Refused(dir).Errors));
    }

    [Fact]
    public void A_missing_directory_or_manifest_is_refused_with_the_reason()
    {
        Assert.Equal("directory: does not exist", Assert.Single(Refused(Dir("absent")).Errors));
        Directory.CreateDirectory(Dir("empty"));
        Assert.Contains("policy.json", Assert.Single(Refused(Dir("empty")).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_reads_its_tags_whatever_order_the_plant_keeps_them_in()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("order"), Mlp);
        var plant = new PlantTagMapping(
            ["consumption", "fatigue", "shift", "gain", "velocity", "setpoint", "extra"],
            ["delta_shift", "delta_velocity", "delta_gain"]);
        using var session = PolicySession.Open(PolicyPackage.Load(dir, plant));
        var history = new History.ObservationHistory(30, 7);
        var window = TestPolicyPackages.Window(5);
        var frame = new double[7];
        for (var age = 29; age >= 0; age--)
        {
            for (var c = 0; c < 6; c++)
            {
                frame[5 - c] = window[(age * 6) + c];
            }

            frame[6] = double.NaN;
            history.Push(frame);
        }

        var action = new double[3];
        session.Infer(history, [], action);
        var expected = Mlp.Forward(window);
        Assert.Equal(expected[0], action[1], 1e-5);
        Assert.Equal(expected[1], action[2], 1e-5);
        Assert.Equal(expected[2], action[0], 1e-5);
    }

    [Fact]
    public void Inference_allocates_nothing_over_ten_thousand_calls()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("alloc"), Mlp);
        using var session = PolicySession.Open(PolicyPackage.Load(dir, PlantTagMapping.IndustrialBenchmark));
        var history = new History.ObservationHistory(30, 6);
        var frame = new double[6];
        var action = new double[3];
        var checksum = 0.0;
        void Cycle(int i)
        {
            frame[0] = i % 100;
            frame[1] = 50;
            history.Push(frame);
            session.Infer(history, [], action);
            checksum += action[0];
        }

        for (var i = 0; i < 100; i++)
        {
            Cycle(i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Cycle(i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(checksum));
    }

    [Fact]
    public void A_guide_input_is_fed_from_the_plant_order_guide_values()
    {
        var dir = TestPolicyPackages.WriteGuided(Dir("guided"), [0.1f, 0f, -0.1f]);
        var plant = new PlantTagMapping(TestPolicyPackages.ObservationTags, ["delta_shift", "delta_velocity", "delta_gain"]);
        using var session = PolicySession.Open(PolicyPackage.Load(dir, plant));
        Assert.True(session.HasGuide);
        var history = new History.ObservationHistory(30, 6);
        history.Push([70, 50, 50, 50, 10, 20]);
        var action = new double[3];
        session.Infer(history, [0.3, 0.5, -0.2], action);
        // Plant order: shift, velocity, gain. Guide (plant order) 0.3, 0.5, -0.2; offset (manifest order v, g, s) 0.1, 0, -0.1.
        Assert.Equal(0.3 - 0.1, action[0], 6);
        Assert.Equal(0.5 + 0.1, action[1], 6);
        Assert.Equal(-0.2, action[2], 6);
    }

    [Fact]
    public void A_manifest_error_is_reported_with_the_manifest_field()
    {
        var dir = TestPolicyPackages.WriteMlp(Dir("manifest"), Mlp);
        var path = Path.Combine(dir, PolicyManifest.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"historyLength\": 30", "\"historyLength\": 0", StringComparison.Ordinal));
        var e = Assert.Throws<PolicyPackageException>(() => PolicyPackage.Load(dir, PlantTagMapping.IndustrialBenchmark));
        Assert.Contains(e.Errors, x => x.StartsWith("policy.json: observation.historyLength", StringComparison.Ordinal));
    }
}
