using IndustrialSafeRL.OfflineTrainer.Data;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Guide;

/// <summary>A guide controller: one action per action tag, in normalised action units [−1, 1], from the raw
/// history of the observation tag each action controls. Two evaluations of one formula: a differentiable
/// TorchSharp one for rollouts and export references, a plain double one for tests and hosts.</summary>
public abstract class GuideController
{
    /// <summary>Creates a guide over the given observation columns (one per action tag).</summary>
    protected GuideController(string kind, IReadOnlyList<int> observationIndex, IReadOnlyList<double> targets)
    {
        ArgumentNullException.ThrowIfNull(observationIndex);
        ArgumentNullException.ThrowIfNull(targets);
        if (observationIndex.Count != targets.Count || targets.Count == 0)
        {
            throw new ArgumentException($"a guide needs one target per controlled tag: {observationIndex.Count} tags, {targets.Count} targets", nameof(targets));
        }

        Kind = kind;
        ObservationIndex = [.. observationIndex];
        Targets = [.. targets];
    }

    /// <summary>Kind written to the manifest (<c>setpoint</c>, <c>pid</c>, <c>tag</c>).</summary>
    public string Kind { get; }

    /// <summary>Observation column controlled by each action.</summary>
    public IReadOnlyList<int> ObservationIndex { get; }

    /// <summary>Target per action (raw units of its observation tag).</summary>
    public IReadOnlyList<double> Targets { get; }

    /// <summary>Number of actions.</summary>
    public int Actions => Targets.Count;

    /// <summary>True when the deployed guide is read from a PLC tag (an extra graph input) rather than computed
    /// inside the graph.</summary>
    public bool ReadsTag => Kind == "tag";

    /// <summary>Guide actions for raw controlled-tag histories [..., L, A] (oldest frame first) → [..., A].</summary>
    public abstract Tensor Act(Tensor history);

    /// <summary>Guide action for one raw controlled-tag history (L×A row-major, oldest frame first).</summary>
    public abstract void Act(ReadOnlySpan<double> history, Span<double> action);

    /// <summary>Builds the configured guide for a layout; a <see cref="GuideKind.Tag"/> guide is fitted to the
    /// logged actions of <paramref name="data"/>. Null when no guide is configured.</summary>
    public static GuideController? Create(GuideConfig config, PlantLayout layout, TrainingDataset? data)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(layout);
        if (!config.Enabled)
        {
            return null;
        }

        config.Validate();
        var a = layout.ActionWidth;
        string[] tags = config.ObservationTags ?? (layout.IsIndustrialBenchmark ? ["velocity", "gain", "shift"]
            : throw new ArgumentException("Guide.ObservationTags is required outside the Industrial Benchmark (one controlled tag per action tag)", nameof(config)));
        if (tags.Length != a)
        {
            throw new ArgumentException($"Guide.ObservationTags must hold {a} tags, one per action tag ({string.Join(", ", layout.ActionTags)}); it has {tags.Length}", nameof(config));
        }

        var index = tags.Select(t => Array.FindIndex(layout.ObservationTags, o => string.Equals(o, t, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? i
            : throw new ArgumentException($"Guide.ObservationTags names '{t}', which the data does not have", nameof(config))).ToArray();
        if (config.Targets is { } targets && targets.Length != a)
        {
            throw new ArgumentException($"Guide.Targets must hold {a} values, one per action tag; it has {targets.Length}", nameof(config));
        }

        var scales = config.Scales ?? (layout.IsIndustrialBenchmark ? [1.0, 10.0, 5.75] : [.. Enumerable.Repeat(1.0, a)]);
        return config.Kind switch
        {
            GuideKind.SetPoint => new SetPointGuide("setpoint", index, config.Targets!, scales),
            GuideKind.Pid => new PidGuide(index, config.Targets!, config.Kp ?? [.. scales.Select(s => 1 / s)],
                config.Ki ?? new double[a], config.Kd ?? new double[a]),
            GuideKind.Tag => SetPointFit.Fit(data ?? throw new ArgumentException("a tag guide is fitted to logged actions: data is required", nameof(data)), layout, index),
            _ => null,
        };
    }
}
