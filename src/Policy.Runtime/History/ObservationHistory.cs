namespace IndustrialSafeRL.Policy.Runtime.History;

/// <summary>
/// The observation window a policy sees, assembled from one frame of tag values per cycle. A ring buffer of
/// <see cref="Capacity"/> frames in the plant's tag order; the window is read newest frame first. After
/// <see cref="Reset"/> the first frame pushed fills every slot, so a fresh episode looks like a plant that has been
/// standing at its first observation (as the IB history window does). Values are raw: normalisation is in the graph.
/// Allocates nothing after construction.
/// </summary>
public sealed class ObservationHistory
{
    private readonly double[] frames;
    private int newest = -1;
    private long pushed;

    /// <summary>Creates an empty history of <paramref name="capacity"/> frames of <paramref name="frameLength"/> values.</summary>
    public ObservationHistory(int capacity, int frameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameLength, 1);
        Capacity = capacity;
        FrameLength = frameLength;
        frames = new double[capacity * frameLength];
    }

    /// <summary>Frames kept (the longest window any active policy reads).</summary>
    public int Capacity { get; }

    /// <summary>Values per frame (plant observation tags).</summary>
    public int FrameLength { get; }

    /// <summary>Frames pushed since the last reset.</summary>
    public long Count => pushed;

    /// <summary>Forgets every frame; the next push fills the whole window.</summary>
    public void Reset()
    {
        newest = -1;
        pushed = 0;
    }

    /// <summary>Appends the newest frame (plant tag order).</summary>
    public void Push(ReadOnlySpan<double> frame)
    {
        if (frame.Length != FrameLength)
        {
            throw new ArgumentException($"frame: has {frame.Length} values, the history keeps {FrameLength}", nameof(frame));
        }

        if (newest < 0)
        {
            for (var slot = 0; slot < Capacity; slot++)
            {
                frame.CopyTo(frames.AsSpan(slot * FrameLength, FrameLength));
            }

            newest = 0;
        }
        else
        {
            newest = (newest + 1) % Capacity;
            frame.CopyTo(frames.AsSpan(newest * FrameLength, FrameLength));
        }

        pushed++;
    }

    /// <summary>The frame <paramref name="age"/> cycles old (0 = newest), plant tag order.</summary>
    public ReadOnlySpan<double> Frame(int age)
    {
        if (newest < 0)
        {
            throw new InvalidOperationException("the history is empty: push a frame first");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(age);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(age, Capacity);
        var slot = ((newest - age) % Capacity + Capacity) % Capacity;
        return frames.AsSpan(slot * FrameLength, FrameLength);
    }

    /// <summary>
    /// Writes the newest <paramref name="length"/> frames, newest first, into <paramref name="window"/>, taking for each
    /// output column the plant tag <paramref name="tagIndex"/>[column] (so the window follows the policy's tag order).
    /// </summary>
    public void CopyWindow(Span<float> window, int length, ReadOnlySpan<int> tagIndex) => CopyWindow(window, length, tagIndex, oldestFirst: false);

    /// <summary>
    /// As <see cref="CopyWindow(Span{float}, int, ReadOnlySpan{int})"/>, with the frames in the order the network was
    /// trained on: newest first, or oldest first when <paramref name="oldestFirst"/> is set.
    /// </summary>
    public void CopyWindow(Span<float> window, int length, ReadOnlySpan<int> tagIndex, bool oldestFirst)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Capacity);
        var width = tagIndex.Length;
        if (window.Length != length * width)
        {
            throw new ArgumentException($"window: has {window.Length} values, {length} frames × {width} tags need {length * width}", nameof(window));
        }

        for (var age = 0; age < length; age++)
        {
            var frame = Frame(age);
            var row = window.Slice((oldestFirst ? length - 1 - age : age) * width, width);
            for (var c = 0; c < width; c++)
            {
                row[c] = (float)frame[tagIndex[c]];
            }
        }
    }
}
