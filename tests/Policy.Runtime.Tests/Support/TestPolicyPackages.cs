using System.Security.Cryptography;
using IndustrialSafeRL.Contracts.Policies;
using IndustrialSafeRL.Onnx;

namespace IndustrialSafeRL.Policy.Runtime.Tests.Support;

/// <summary>
/// Writes real policy packages (ONNX built with the project's writer + a manifest whose test vectors come from an
/// independent double-precision forward pass) for tests. Shapes follow the IB: 30 frames × 6 observation tags in,
/// 3 actions out.
/// </summary>
internal static class TestPolicyPackages
{
    public static readonly string[] ObservationTags = ["setpoint", "velocity", "gain", "shift", "fatigue", "consumption"];
    public static readonly string[] ActionTags = ["delta_velocity", "delta_gain", "delta_shift"];
    public const int History = 30;
    public const int Hidden = 64;
    private static readonly double[] Mean = [50, 50, 50, 50, 100, 100];
    private static readonly double[] Std = [30, 30, 30, 30, 100, 100];

    /// <summary>Weights of the IB-sized MLP (normalise → 180 → 64 → 64 → 3, tanh, scaled to [-1, 1]).</summary>
    public sealed record Mlp(float[] W1, float[] B1, float[] W2, float[] B2, float[] W3, float[] B3)
    {
        public static Mlp Random(int seed)
        {
            var random = new Random(seed);
            float[] Make(int n, int fanIn) => [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * 1.5 / Math.Sqrt(fanIn)))];
            const int inputs = History * 6;
            return new Mlp(Make(Hidden * inputs, inputs), Make(Hidden, inputs), Make(Hidden * Hidden, Hidden), Make(Hidden, Hidden), Make(3 * Hidden, Hidden), Make(3, Hidden));
        }

        /// <summary>The network's output in double precision, for test vectors and assertions.</summary>
        public double[] Forward(ReadOnlySpan<float> window)
        {
            var x = new double[window.Length];
            for (var i = 0; i < window.Length; i++)
            {
                x[i] = (window[i] - (float)Mean[i % 6]) / (float)Std[i % 6];
            }

            var h1 = Layer(x, W1, B1, Hidden);
            var h2 = Layer(h1, W2, B2, Hidden);
            return Layer(h2, W3, B3, 3);
        }

        private static double[] Layer(double[] x, float[] w, float[] b, int outputs)
        {
            var y = new double[outputs];
            for (var o = 0; o < outputs; o++)
            {
                var s = (double)b[o];
                for (var i = 0; i < x.Length; i++)
                {
                    s += w[(o * x.Length) + i] * x[i];
                }

                y[o] = Math.Tanh(s);
            }

            return y;
        }
    }

    /// <summary>Writes the MLP package into <paramref name="directory"/> and returns the directory.</summary>
    public static string WriteMlp(string directory, Mlp mlp, string policyId = "test-mlp", int version = 1,
        Func<PolicyManifest, PolicyManifest>? edit = null, int vectors = 3)
    {
        var b = Normalised();
        b.AddInitializer("l1.w", mlp.W1, Hidden, History * 6);
        b.AddInitializer("l1.b", mlp.B1, Hidden);
        b.AddInitializer("l2.w", mlp.W2, Hidden, Hidden);
        b.AddInitializer("l2.b", mlp.B2, Hidden);
        b.AddInitializer("l3.w", mlp.W3, 3, Hidden);
        b.AddInitializer("l3.b", mlp.B3, 3);
        b.AddNode("Gemm", "l1", ["flat", "l1.w", "l1.b"], ["z1"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Tanh", "t1", ["z1"], ["h1"]);
        b.AddNode("Gemm", "l2", ["h1", "l2.w", "l2.b"], ["z2"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Tanh", "t2", ["z2"], ["h2"]);
        b.AddNode("Gemm", "l3", ["h2", "l3.w", "l3.b"], ["z3"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Tanh", "t3", ["z3"], ["action"]);
        b.AddOutput("action", -1, 3);
        return Write(directory, b.ToBytes(), policyId, version, w => mlp.Forward(w), edit, vectors);
    }

    /// <summary>
    /// A policy that proposes <paramref name="action"/> while the newest setpoint is at most <paramref name="nanAbove"/>
    /// and NaN above it (sqrt of a negative number), for shed tests. Without <paramref name="nanAbove"/> the graph has
    /// no Sqrt, so the deployment gate's interval interpreter can verify it.
    /// </summary>
    public static string WriteConstant(string directory, float[] action, string policyId = "test-constant", int version = 1,
        float nanAbove = float.MaxValue, Func<PolicyManifest, PolicyManifest>? edit = null)
    {
        var b = new OnnxModelBuilder("constant_policy");
        b.AddInput("observation", -1, History, 6);
        b.AddNode("Flatten", "flatten", ["observation"], ["flat"], OnnxAttribute.Int("axis", 1));
        if (nanAbove == float.MaxValue)
        {
            b.AddInitializer("ignore.w", new float[3 * History * 6], 3, History * 6);
            b.AddInitializer("value", action, 3);
            b.AddNode("Gemm", "constant", ["flat", "ignore.w", "value"], ["action"], OnnxAttribute.Int("transB", 1));
        }
        else
        {
            // z_j = threshold − setpoint(newest): w picks column 0 of the flattened window.
            var w = new float[3 * History * 6];
            for (var j = 0; j < 3; j++)
            {
                w[j * History * 6] = -1f;
            }

            b.AddInitializer("pick.w", w, 3, History * 6);
            b.AddInitializer("pick.b", [nanAbove, nanAbove, nanAbove], 3);
            b.AddInitializer("zero", [0f, 0f, 0f], 3);
            b.AddInitializer("value", action, 3);
            b.AddNode("Gemm", "pick", ["flat", "pick.w", "pick.b"], ["margin"], OnnxAttribute.Int("transB", 1));
            b.AddNode("Sqrt", "root", ["margin"], ["root"]);
            b.AddNode("Mul", "nullify", ["root", "zero"], ["nullified"]);
            b.AddNode("Add", "value", ["nullified", "value"], ["action"]);
        }

        b.AddOutput("action", -1, 3);
        return Write(directory, b.ToBytes(), policyId, version, _ => [.. action.Select(a => (double)a)], edit, 1,
            _ => new float[History * 6]);
    }

    /// <summary>
    /// A policy whose every action is tanh(k·s) − tanh(k·s) = 0 (s = the newest setpoint): exactly zero, but interval
    /// bounds cannot see that the two terms cancel, so a verifier proves it only where it has split s finely.
    /// </summary>
    public static string WriteCancelling(string directory, float k, string policyId = "test-cancelling",
        Func<PolicyManifest, PolicyManifest>? edit = null)
    {
        var b = new OnnxModelBuilder("cancelling_policy");
        b.AddInput("observation", -1, History, 6);
        b.AddNode("Flatten", "flatten", ["observation"], ["flat"], OnnxAttribute.Int("axis", 1));
        var w1 = new float[2 * History * 6];
        w1[0] = k;
        w1[History * 6] = k;
        b.AddInitializer("l1.w", w1, 2, History * 6);
        b.AddInitializer("l1.b", [0f, 0f], 2);
        b.AddInitializer("l2.w", [1f, -1f, 1f, -1f, 1f, -1f], 3, 2);
        b.AddInitializer("l2.b", [0f, 0f, 0f], 3);
        b.AddNode("Gemm", "l1", ["flat", "l1.w", "l1.b"], ["z1"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Tanh", "t1", ["z1"], ["h1"]);
        b.AddNode("Gemm", "l2", ["h1", "l2.w", "l2.b"], ["action"], OnnxAttribute.Int("transB", 1));
        b.AddOutput("action", -1, 3);
        return Write(directory, b.ToBytes(), policyId, 1, _ => [0, 0, 0], edit, 3);
    }

    /// <summary>
    /// A policy that follows its guide with an offset: action = guide + offset (the observation is ignored), clipped to
    /// [-1, 1] when <paramref name="clip"/> is set (so interval bounds prove it inside the action limits). The manifest
    /// declares a guide of <paramref name="kind"/> with <paramref name="bound"/> on every action; a <c>tag</c> guide
    /// names the action tags as its guide tags, as the trainer's exporter does.
    /// </summary>
    public static string WriteGuided(string directory, float[] offset, string policyId = "test-guided", string kind = "set-point",
        double bound = 0.2, bool clip = false)
    {
        var b = new OnnxModelBuilder("guided_policy");
        b.AddInput("observation", -1, History, 6);
        b.AddInput("guide", -1, 3);
        b.AddNode("Flatten", "flatten", ["observation"], ["flat"], OnnxAttribute.Int("axis", 1));
        b.AddInitializer("zero.w", new float[3 * History * 6], 3, History * 6);
        b.AddInitializer("offset", offset, 3);
        b.AddNode("Gemm", "ignore", ["flat", "zero.w", "offset"], ["base"], OnnxAttribute.Int("transB", 1));
        if (clip)
        {
            b.AddInitializer("clip.low", [-1f]);
            b.AddInitializer("clip.high", [1f]);
            b.AddNode("Add", "follow", ["base", "guide"], ["raw"]);
            b.AddNode("Clip", "clip", ["raw", "clip.low", "clip.high"], ["action"]);
        }
        else
        {
            b.AddNode("Add", "follow", ["base", "guide"], ["action"]);
        }

        b.AddOutput("action", -1, 3);
        float[] guide = [0.25f, -0.5f, 0.125f];
        return Write(directory, b.ToBytes(), policyId, 1, _ => [.. guide.Zip(offset, (g, o) => (double)(clip ? Math.Clamp(g + o, -1f, 1f) : g + o))],
            m => m with
            {
                GuideInput = new TensorSpec("guide", [-1, 3]),
                Guide = new GuideSpec(kind, ActionTags, [bound, bound, bound]),
                TestVectors = [.. m.TestVectors.Select(v => v with { Guide = guide })],
            }, 1, _ => new float[History * 6]);
    }

    public static PolicyManifest ReadManifest(string directory) => PolicyManifest.Load(Path.Combine(directory, PolicyManifest.FileName));

    /// <summary>A raw window with IB-like values, deterministic in <paramref name="seed"/>.</summary>
    public static float[] Window(int seed)
    {
        var random = new Random(seed);
        var window = new float[History * 6];
        for (var i = 0; i < window.Length; i++)
        {
            window[i] = (float)(i % 6 < 4 ? random.NextDouble() * 100 : random.NextDouble() * 300);
        }

        return window;
    }

    private static OnnxModelBuilder Normalised()
    {
        var b = new OnnxModelBuilder("mlp_policy");
        b.AddInput("observation", -1, History, 6);
        b.AddInitializer("obs.mean", [.. Mean.Select(m => (float)m)], 6);
        b.AddInitializer("obs.std", [.. Std.Select(s => (float)s)], 6);
        b.AddNode("Sub", "centre", ["observation", "obs.mean"], ["centred"]);
        b.AddNode("Div", "scale", ["centred", "obs.std"], ["normalised"]);
        b.AddNode("Flatten", "flatten", ["normalised"], ["flat"], OnnxAttribute.Int("axis", 1));
        return b;
    }

    private static string Write(string directory, byte[] onnx, string policyId, int version, Func<float[], double[]> forward,
        Func<PolicyManifest, PolicyManifest>? edit, int vectors, Func<int, float[]>? windowFor = null)
    {
        windowFor ??= v => Window(1000 + v);
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "policy.onnx"), onnx);
        var tests = Enumerable.Range(0, vectors).Select(v =>
        {
            var window = windowFor(v);
            return new TestVector(window, [.. forward(window).Select(x => (float)x)]);
        }).ToList();
        var manifest = new PolicyManifest
        {
            PolicyId = policyId,
            Version = version,
            CreatedUtc = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero),
            Onnx = new OnnxFileInfo("policy.onnx", Convert.ToHexStringLower(SHA256.HashData(onnx)), 17),
            Input = new TensorSpec("observation", [-1, History, 6]),
            Output = new TensorSpec("action", [-1, 3]),
            Observation = new ObservationSpec(ObservationTags, History, Mean, Std),
            Action = new ActionSpec(ActionTags, [-1, -1, -1], [1, 1, 1]),
            DataSupport = new DataSupport(ObservationTags, [0, 0, 0, 0, 0, 0], [100, 100, 100, 100, 1000, 1000]),
            Training = new TrainingInfo { DatasetHash = "test", TrainerVersion = "test", Seed = 1 },
            TestVectors = tests,
        };
        (edit?.Invoke(manifest) ?? manifest).Save(Path.Combine(directory, PolicyManifest.FileName));
        return directory;
    }
}
