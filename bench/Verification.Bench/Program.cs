using System.Diagnostics;
using System.Globalization;
using IndustrialSafeRL.Onnx;
using IndustrialSafeRL.Verification.Bounds;
using IndustrialSafeRL.Verification.Networks;

// Interval bound propagation timings for a policy of the IB's size: a 30-frame window of 6 tags (180 inputs),
// normalisation, two tanh layers of 64, a tanh head of 3 scaled to [−1, 1]; random weights (seed 1).
// Usage: dotnet run -c Release --project bench/Verification.Bench [-- radius budget1 budget2 ...]
const int history = 30, tags = 6, hidden = 64, actions = 3;
// Half-width of the input box in normalised units (first argument, default 0.1).
var Radius = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 0.1;
var random = new Random(1);
float[] Values(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale))];
var builder = new OnnxModelBuilder("policy");
builder.AddInput("observation", -1, history, tags);
builder.AddInitializer("mean", new float[tags], tags);
builder.AddInitializer("std", [.. Enumerable.Repeat(1f, tags)], tags);
builder.AddNode("Sub", "centre", ["observation", "mean"], ["c"]);
builder.AddNode("Div", "scale", ["c", "std"], ["z"]);
builder.AddNode("Flatten", "flatten", ["z"], ["flat"], OnnxAttribute.Int("axis", 1));
var current = "flat";
int[] widths = [history * tags, hidden, hidden, actions];
for (var layer = 0; layer < 3; layer++)
{
    builder.AddInitializer($"w{layer}", Values(widths[layer] * widths[layer + 1], Math.Sqrt(3.0 / widths[layer])), widths[layer], widths[layer + 1]);
    builder.AddInitializer($"b{layer}", Values(widths[layer + 1], 0.1), widths[layer + 1]);
    builder.AddNode("Gemm", $"l{layer}", [current, $"w{layer}", $"b{layer}"], [$"y{layer}"]);
    builder.AddNode("Tanh", $"t{layer}", [$"y{layer}"], [$"h{layer}"]);
    current = $"h{layer}";
}

builder.AddInitializer("half", [1f, 1f, 1f], actions);
builder.AddNode("Mul", "action", [current, "half"], ["action"]);
builder.AddOutput("action", -1, actions);
var bytes = builder.ToBytes();

var watch = Stopwatch.StartNew();
var network = new NetworkGraph(OnnxModelReader.Read(bytes));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {bytes.Length} bytes; read + prepare {watch.Elapsed.TotalMilliseconds:F1} ms"));

var box = new InputBox(
    [.. Enumerable.Range(0, history * tags).Select(i => new BoxDimension($"x{i}", -Radius, Radius))],
    [[.. Enumerable.Range(0, history * tags)]]);
var same = new InputBox(
    [.. Enumerable.Range(0, tags).Select(i => new BoxDimension($"tag{i}", -Radius, Radius))],
    [[.. Enumerable.Range(0, history * tags).Select(i => i % tags)]]);
var root = network.Evaluate([new IntervalTensor([1, history, tags], [.. Enumerable.Repeat(-Radius, history * tags)], [.. Enumerable.Repeat(Radius, history * tags)])]);
const int repeats = 2000;
watch.Restart();
for (var i = 0; i < repeats; i++)
{
    network.Evaluate([new IntervalTensor([1, history, tags], [.. Enumerable.Repeat(-Radius, history * tags)], [.. Enumerable.Repeat(Radius, history * tags)])]);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one interval pass: {watch.Elapsed.TotalMicroseconds / repeats:F1} µs; root bounds of action 0: [{root.Lo[0]:F4}, {root.Hi[0]:F4}]"));

// Limits: the range of 20 000 sampled outputs widened by 20 % of its width on each side, so (very probably) no
// violation exists and the question is how much of the box IBP can prove.
var sampleLow = Enumerable.Repeat(double.PositiveInfinity, actions).ToArray();
var sampleHigh = Enumerable.Repeat(double.NegativeInfinity, actions).ToArray();
for (var s = 0; s < 20_000; s++)
{
    var y = network.EvaluatePoint([[.. Enumerable.Range(0, history * tags).Select(_ => Radius * ((random.NextDouble() * 2) - 1))]]);
    for (var j = 0; j < actions; j++)
    {
        sampleLow[j] = Math.Min(sampleLow[j], y[j]);
        sampleHigh[j] = Math.Max(sampleHigh[j], y[j]);
    }
}

var limits = new OutputLimits(["a0", "a1", "a2"],
    [.. Enumerable.Range(0, actions).Select(j => sampleLow[j] - (0.2 * (sampleHigh[j] - sampleLow[j])))],
    [.. Enumerable.Range(0, actions).Select(j => sampleHigh[j] + (0.2 * (sampleHigh[j] - sampleLow[j])))]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"limits of action 0: [{limits.Low[0]:F4}, {limits.High[0]:F4}]"));
var budgets = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 256, 4096, 16384];
Console.WriteLine("frames       budget  boxes  depth  proved %  refuted %  unknown %  counterexample  time ms");
foreach (var (name, b) in new[] { ("independent", box), ("same", same) })
{
    foreach (var budget in budgets)
    {
        watch.Restart();
        var result = BoxVerifier.Verify(network, b, limits, new BoxVerifierOptions { MaxBoxes = budget, MaxDepth = 64 });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-11} {budget,7} {result.BoxesEvaluated,6} {result.DepthReached,6} {result.ProvedFraction * 100,9:F3} {result.RefutedFraction * 100,10:F3} {result.UnknownFraction * 100,10:F3}  {(result.Counterexample is null ? "none" : "found"),14} {watch.Elapsed.TotalMilliseconds,8:F0}"));
    }
}
