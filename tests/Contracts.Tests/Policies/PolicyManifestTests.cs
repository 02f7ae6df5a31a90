using IndustrialSafeRL.Contracts.Policies;

namespace IndustrialSafeRL.Contracts.Tests.Policies;

public sealed class PolicyManifestTests
{
    internal static PolicyManifest Valid() => new()
    {
        PolicyId = "demo-it1-k0",
        Version = 1,
        CreatedUtc = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero),
        Onnx = new OnnxFileInfo("policy.onnx", new string('a', 64), 17),
        Input = new TensorSpec("observation_history", [-1, 2, 3]),
        Output = new TensorSpec("action", [-1, 2]),
        Observation = new ObservationSpec(["p", "v", "g"], 2, [70, 50, 50], [1, 10, 10]),
        Action = new ActionSpec(["dv", "dg"], [-1, -1], [1, 1]),
        DataSupport = new DataSupport(["v", "g"], [10, 20], [90, 80]),
        Training = new TrainingInfo
        {
            DatasetHash = "abc",
            DatasetRows = 1000,
            TrainerVersion = "0.1.0",
            Seed = 7,
            Hyperparameters = new Dictionary<string, double> { ["k"] = 3, ["horizon"] = 100 },
            ModelEstimatedReturn = -61.5,
        },
        TrustRegion = new TrustRegionInfo("demo-it0-k0", 0.01, 0.02, 0.1),
        TestVectors = [new TestVector([1, 2, 3, 4, 5, 6], [0.5f, -0.5f])],
    };

    [Fact]
    public void A_valid_manifest_round_trips_through_json()
    {
        var manifest = Valid();
        Assert.Empty(manifest.Validate());
        var back = PolicyManifest.Parse(manifest.ToJson(), "policy.json");
        Assert.Equal(manifest.PolicyId, back.PolicyId);
        Assert.Equal(manifest.Observation.Tags, back.Observation.Tags);
        Assert.Equal(manifest.Observation.Std, back.Observation.Std);
        Assert.Equal(manifest.Training.Hyperparameters["horizon"], back.Training.Hyperparameters["horizon"]);
        Assert.Equal(manifest.TestVectors[0].Output, back.TestVectors[0].Output);
        Assert.Equal(manifest.TrustRegion, back.TrustRegion);
    }

    public static TheoryData<string, string> Faults() => new()
    {
        { "\"shape\": [\n      -1,\n      2,\n      3\n    ]", "input.shape: must be [-1, 2, 3]" },
        { "\"low\": [\n      -1,\n      -1\n    ]", "action.low[0]" },
        { "\"std\": [\n      1,\n      10,\n      10\n    ]", "observation.std[1]: must be a positive finite number" },
        { "\"sha256\": \"aaaa", "onnx.sha256: must be 64 hexadecimal digits" },
        { "\"tags\": [\n      \"v\",\n      \"g\"\n    ]", "dataSupport.tags[1]: 'zz' is not an observation tag" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Each_inconsistency_is_reported_with_its_field(string original, string expectedError)
    {
        var json = Valid().ToJson();
        Assert.Contains(original, json, StringComparison.Ordinal);
        var broken = expectedError switch
        {
            var s when s.StartsWith("input.shape", StringComparison.Ordinal) => json.Replace(original, "\"shape\": [-1, 6]", StringComparison.Ordinal),
            var s when s.StartsWith("action.low", StringComparison.Ordinal) => json.Replace(original, "\"low\": [2, -1]", StringComparison.Ordinal),
            var s when s.StartsWith("observation.std", StringComparison.Ordinal) => json.Replace(original, "\"std\": [1, 0, 10]", StringComparison.Ordinal),
            var s when s.StartsWith("onnx.sha256", StringComparison.Ordinal) => json.Replace(new string('a', 64), "aaaa", StringComparison.Ordinal),
            _ => json.Replace(original, "\"tags\": [\"v\", \"zz\"]", StringComparison.Ordinal),
        };
        var e = Assert.Throws<PolicyManifestException>(() => PolicyManifest.Parse(broken, "pkg/policy.json"));
        Assert.Contains(e.Errors, error => error.StartsWith(expectedError, StringComparison.Ordinal));
        Assert.StartsWith("pkg/policy.json: invalid policy manifest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_guide_confidence_box_round_trips_and_each_fault_is_named()
    {
        GuideSpec Guide(GuideConfidence box) => new("setpoint", ["dv", "dg"], [0.1, 0.1], new GuideLaw(["v", "g"], [25, 25], [1, 0.1], [0, 0], [0, 0]), box);
        var manifest = Valid() with { Guide = Guide(new GuideConfidence(["v"], [40], [60], [10])) };
        Assert.Empty(manifest.Validate());
        var back = PolicyManifest.Parse(manifest.ToJson(), "policy.json");
        Assert.Equal([40.0], back.Guide!.Confidence!.Low);
        Assert.Equal([10.0], back.Guide.Confidence.Ramp);
        Assert.Equal(["v"], back.Guide.Confidence.Tags);

        Assert.Contains("guide.confidence.tags[0]: 'zz' is not an observation tag", (Valid() with { Guide = Guide(new GuideConfidence(["zz"], [40], [60], [10])) }).Validate());
        Assert.Contains((Valid() with { Guide = Guide(new GuideConfidence(["v"], [60], [40], [10])) }).Validate(),
            e => e.StartsWith("guide.confidence.low[0]: must be finite and ≤ high[0]", StringComparison.Ordinal));
        Assert.Contains((Valid() with { Guide = Guide(new GuideConfidence(["v"], [40], [60], [0])) }).Validate(),
            e => e.StartsWith("guide.confidence.ramp[0]: must be positive", StringComparison.Ordinal));
        Assert.Contains((Valid() with { Guide = Guide(new GuideConfidence(["v", "g"], [40], [60, 70], [1, 1])) }).Validate(),
            e => e.StartsWith("guide.confidence.low: must hold 2 values", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_json_is_reported_with_line_and_byte()
    {
        var e = Assert.Throws<PolicyManifestException>(() => PolicyManifest.Parse("{\n  \"schemaVersion\": 1,\n  \"policyId\": }", "p.json"));
        Assert.Contains("line 3", e.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_schema_and_unknown_fields_are_refused()
    {
        var newer = Valid().ToJson().Replace("\"schemaVersion\": 1", "\"schemaVersion\": 9", StringComparison.Ordinal);
        var e = Assert.Throws<PolicyManifestException>(() => PolicyManifest.Parse(newer, "p.json"));
        Assert.StartsWith("schemaVersion: 9 is newer", e.Errors[0], StringComparison.Ordinal);

        var unknown = Valid().ToJson().Replace("\"version\": 1", "\"version\": 1, \"verison\": 2", StringComparison.Ordinal);
        e = Assert.Throws<PolicyManifestException>(() => PolicyManifest.Parse(unknown, "p.json"));
        Assert.Contains("verison", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_sections_are_named()
    {
        var e = Assert.Throws<PolicyManifestException>(() => PolicyManifest.Parse("{\"schemaVersion\": 1, \"policyId\": \"x\"}", "p.json"));
        Assert.Contains("onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_onnx_hash_check_accepts_the_exported_bytes_and_names_a_changed_file()
    {
        byte[] onnx = [1, 2, 3, 4];
        var manifest = Valid() with
        {
            Onnx = new OnnxFileInfo("policy.onnx", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(onnx)), 17),
        };
        Assert.Null(manifest.CheckOnnxHash(onnx));
        var problem = manifest.CheckOnnxHash([1, 2, 3, 5]);
        Assert.NotNull(problem);
        Assert.StartsWith("onnx.sha256: policy.onnx hashes to ", problem, StringComparison.Ordinal);
        Assert.Contains(manifest.Onnx.Sha256, problem, StringComparison.Ordinal);
    }
}
