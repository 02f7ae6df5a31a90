using System.Globalization;
using IndustrialSafeRL.OfflineTrainer.Configuration;

namespace IndustrialSafeRL.OfflineTrainer.Guide;

/// <summary>The confidence λ(s) ∈ [0, 1] of the local guide (RLLG's λ), from a box on the newest frame of some
/// observation tags (raw units): λ = 1 inside the box, falling linearly to 0 over <see cref="Ramp"/>:
/// λ(s) = clip(1 − Σ_j (max(0, Low_j − x_j) + max(0, x_j − High_j)) / Ramp_j, 0, 1). Where λ = 1 the policy
/// perturbs the guide within Φ(1−β); where λ = 0 it acts freely: a = λ·(a_g + Φ(1−β)·tanh ξ) + (1 − λ)·tanh ξ.</summary>
public sealed record GuideConfidenceConfig
{
    /// <summary>Observation tags the box is on (newest frame, raw units).</summary>
    public string[] Tags { get; init; } = [];

    /// <summary>Lower edge per tag.</summary>
    public double[] Low { get; init; } = [];

    /// <summary>Upper edge per tag.</summary>
    public double[] High { get; init; } = [];

    /// <summary>Distance outside the box (raw units, per tag) over which λ falls from 1 to 0. Null: 10 % of the
    /// box's width on each tag (a box of zero width needs explicit ramps).</summary>
    public double[]? Ramp { get; init; }

    /// <summary>The ramp per tag (explicit or 10 % of the width).</summary>
    public double[] Ramps => Ramp ?? [.. Low.Select((l, j) => 0.1 * (High[j] - l))];

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        TransitionEnsembleConfig.Require(Tags is { Length: > 0 } && Tags.All(t => !string.IsNullOrWhiteSpace(t)), "Guide.Confidence.Tags", "must name at least one observation tag");
        TransitionEnsembleConfig.Require(Low?.Length == Tags.Length, "Guide.Confidence.Low", $"must hold {Tags.Length} values, one per tag");
        TransitionEnsembleConfig.Require(High?.Length == Tags.Length, "Guide.Confidence.High", $"must hold {Tags.Length} values, one per tag");
        TransitionEnsembleConfig.Require(Ramp is null || Ramp.Length == Tags.Length, "Guide.Confidence.Ramp", $"must hold {Tags.Length} values, one per tag");
        var low = Low!;
        var high = High!;
        for (var j = 0; j < Tags.Length; j++)
        {
            TransitionEnsembleConfig.Require(double.IsFinite(low[j]) && double.IsFinite(high[j]) && low[j] <= high[j],
                $"Guide.Confidence.Low[{j}]", $"must be finite and ≤ High[{j}] ({low[j].ToString(CultureInfo.InvariantCulture)} .. {high[j].ToString(CultureInfo.InvariantCulture)})");
            TransitionEnsembleConfig.Require(Ramps[j] > 0 && double.IsFinite(Ramps[j]),
                $"Guide.Confidence.Ramp[{j}]",
                Ramp is null ? "must be given when the box has zero width on that tag" : "must be positive and finite");
        }
    }

    /// <summary>Observation column of each box tag in <paramref name="layout"/>; throws naming an unknown tag.</summary>
    public int[] Resolve(Data.PlantLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return [.. Tags.Select((t, j) => Array.FindIndex(layout.ObservationTags, o => string.Equals(o, t, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? i
            : throw new ArgumentException($"Guide.Confidence.Tags[{j}] names '{t}', which the data does not have ({string.Join(", ", layout.ObservationTags)})"))];
    }

    /// <summary>Parses the CLI form <c>velocity:10:90[:ramp],gain:0:60</c> (tag:low:high[:ramp] per tag).</summary>
    public static GuideConfidenceConfig Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var tags = new string[parts.Length];
        var low = new double[parts.Length];
        var high = new double[parts.Length];
        var ramp = new double[parts.Length];
        var anyRamp = false;
        for (var j = 0; j < parts.Length; j++)
        {
            var fields = parts[j].Split(':', StringSplitOptions.TrimEntries);
            if (fields.Length is not (3 or 4))
            {
                throw new ArgumentException($"--guide-confidence: '{parts[j]}' must be tag:low:high or tag:low:high:ramp", nameof(text));
            }

            tags[j] = fields[0];
            low[j] = Number(fields[1], parts[j], "low");
            high[j] = Number(fields[2], parts[j], "high");
            if (fields.Length == 4)
            {
                ramp[j] = Number(fields[3], parts[j], "ramp");
                anyRamp = true;
            }
            else
            {
                ramp[j] = 0.1 * (high[j] - low[j]);
            }
        }

        var config = new GuideConfidenceConfig { Tags = tags, Low = low, High = high, Ramp = anyRamp ? ramp : null };
        config.Validate();
        return config;
    }

    private static double Number(string field, string part, string what) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"--guide-confidence: {what} '{field}' in '{part}' is not a finite number", nameof(field));
}
