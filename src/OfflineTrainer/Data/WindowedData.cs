using TorchSharp;
using static TorchSharp.torch;

namespace IndustrialSafeRL.OfflineTrainer.Data;

/// <summary>The dataset as normalised tensors. Windows are never materialised: every episode is stored once,
/// front-padded with L−1 copies of its first frame, and the window of transition i is rows
/// [start_i, start_i + L) of that matrix, gathered by index arithmetic.</summary>
public sealed class WindowedData : IDisposable
{
    private readonly Tensor _frames;     // [R, D] normalised, padded per episode
    private readonly Tensor _starts;     // [N] int64, row of the oldest frame of each transition's window
    private readonly Tensor _offsets;    // [L] int64, 0..L-1
    private readonly Tensor _actions;    // [N, A] in [-1, 1]
    private readonly Tensor _targets;    // [N, outputs]

    /// <summary>Builds the tensors for a layout.</summary>
    public WindowedData(TrainingDataset data, PlantLayout layout)
    {
        Layout = layout;
        var d = layout.ObservationWidth;
        var a = layout.ActionWidth;
        var l = layout.HistoryLength;
        var rows = data.Episodes.Sum(e => e.Frames.Length + l - 1);
        var frames = new float[rows * d];
        var starts = new long[data.TransitionCount];
        var actions = new float[data.TransitionCount * a];
        var outputs = layout.ModelOutputs;
        var targets = new float[data.TransitionCount * outputs];
        long row = 0;
        var n = 0;
        var episodeStarts = new List<long>();
        var runStarts = new List<long>();
        foreach (var episode in data.Episodes)
        {
            var first = row;
            episodeStarts.Add(n);
            if (episode.StartsRun)
            {
                runStarts.Add(n);
            }

            for (var p = 0; p < l - 1; p++)
            {
                Write(frames, row++, episode.Frames[0], layout);
            }

            foreach (var frame in episode.Frames)
            {
                Write(frames, row++, frame, layout);
            }

            for (var t = 0; t < episode.Length; t++, n++)
            {
                starts[n] = first + t;
                for (var j = 0; j < a; j++)
                {
                    var span = layout.ActionHigh[j] - layout.ActionLow[j];
                    actions[(n * a) + j] = (float)Math.Clamp((2 * (episode.Actions[t][j] - layout.ActionLow[j]) / span) - 1, -1, 1);
                }

                for (var j = 0; j < layout.PredictedTags.Length; j++)
                {
                    var tag = layout.PredictedTags[j];
                    var delta = episode.Frames[t + 1][tag] - episode.Frames[t][tag];
                    targets[(n * outputs) + j] = (float)((delta - layout.DeltaMean[j]) / layout.DeltaStd[j]);
                }

                if (layout.RewardWeights is null)
                {
                    targets[(n * outputs) + outputs - 1] = (float)((episode.Rewards[t] - layout.RewardMean) / layout.RewardStd);
                }
            }
        }

        Count = n;
        EpisodeStarts = [.. episodeStarts];
        RunStarts = [.. runStarts];
        _frames = tensor(frames, [rows, d]);
        _starts = tensor(starts);
        _offsets = arange(l, dtype: ScalarType.Int64);
        _actions = tensor(actions, [n, a]);
        _targets = tensor(targets, [n, outputs]);
    }

    /// <summary>The layout the tensors follow.</summary>
    public PlantLayout Layout { get; }

    /// <summary>Number of transitions N.</summary>
    public int Count { get; }

    /// <summary>Index of the first transition of every episode (windows of logged start states).</summary>
    public long[] EpisodeStarts { get; }

    /// <summary>Of <see cref="EpisodeStarts"/>, those of episodes that begin a logged run
    /// (<see cref="TrainingEpisode.StartsRun"/>): the start states the search draws a share of its windows from.</summary>
    public long[] RunStarts { get; }

    /// <summary>Normalised windows of the given transitions, [n, L, D].</summary>
    public Tensor Windows(Tensor indices)
    {
        using var scope = NewDisposeScope();
        var rows = _starts.index_select(0, indices).unsqueeze(1) + _offsets;
        var n = indices.shape[0];
        return _frames.index_select(0, rows.reshape(-1)).reshape(n, Layout.HistoryLength, Layout.ObservationWidth).MoveToOuterDisposeScope();
    }

    /// <summary>Normalised actions in [-1, 1], [n, A].</summary>
    public Tensor Actions(Tensor indices) => _actions.index_select(0, indices);

    /// <summary>Model targets (normalised deltas, then the normalised reward when learned), [n, outputs].</summary>
    public Tensor Targets(Tensor indices) => _targets.index_select(0, indices);

    /// <summary>Model inputs: flattened window then action, [n, L·D + A].</summary>
    public Tensor ModelInputs(Tensor indices)
    {
        using var scope = NewDisposeScope();
        var windows = Windows(indices).reshape(indices.shape[0], -1);
        return cat([windows, Actions(indices)], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Every transition's newest frame (normalised), [N, D]; for bounds and percentiles.</summary>
    public Tensor NewestFrames()
    {
        using var scope = NewDisposeScope();
        return _frames.index_select(0, _starts + (Layout.HistoryLength - 1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _frames.Dispose();
        _starts.Dispose();
        _offsets.Dispose();
        _actions.Dispose();
        _targets.Dispose();
    }

    private static void Write(float[] target, long row, double[] frame, PlantLayout layout)
    {
        var d = layout.ObservationWidth;
        for (var i = 0; i < d; i++)
        {
            target[(row * d) + i] = (float)((frame[i] - layout.ObservationMean[i]) / layout.ObservationStd[i]);
        }
    }
}
