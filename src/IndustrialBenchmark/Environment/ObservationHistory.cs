namespace IndustrialSafeRL.IndustrialBenchmark.Environment;

/// <summary>
/// A window of the last <see cref="Length"/> observation frames, newest first, flattened into one contiguous span
/// (the "30 frames" state of the literature). At reset the first frame is repeated to fill the window.
/// No allocation per push.
/// </summary>
public sealed class ObservationHistory
{
    // Twice the window: the window slides towards the front one frame per push, and only when it reaches the front
    // is it copied back to the end (one copy every Length pushes instead of a shift on every push).
    private readonly double[] _buffer;
    private int _head;

    /// <summary>A window of <paramref name="length"/> frames of <paramref name="frameSize"/> numbers each.</summary>
    public ObservationHistory(int length, int frameSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, 1);
        Length = length;
        FrameSize = frameSize;
        _buffer = new double[2 * length * frameSize];
        _head = length;
    }

    /// <summary>Frames in the window.</summary>
    public int Length { get; }

    /// <summary>Numbers per frame.</summary>
    public int FrameSize { get; }

    /// <summary>All frames, newest first: frame k occupies [k·FrameSize, (k+1)·FrameSize).</summary>
    public ReadOnlySpan<double> Values => _buffer.AsSpan(_head * FrameSize, Length * FrameSize);

    /// <summary>Frame <paramref name="age"/> (0 = newest).</summary>
    public ReadOnlySpan<double> Frame(int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(age, Length);
        return _buffer.AsSpan((_head + age) * FrameSize, FrameSize);
    }

    /// <summary>Fills every frame with <paramref name="frame"/>.</summary>
    public void Reset(ReadOnlySpan<double> frame)
    {
        CheckFrame(frame);
        _head = Length;
        for (var k = 0; k < Length; k++)
        {
            frame.CopyTo(_buffer.AsSpan((_head + k) * FrameSize, FrameSize));
        }
    }

    /// <summary>Makes <paramref name="frame"/> the newest and drops the oldest.</summary>
    public void Push(ReadOnlySpan<double> frame)
    {
        CheckFrame(frame);
        if (_head == 0)
        {
            // Keep the newest Length − 1 frames, moved to the end of the buffer, just behind the new head.
            _buffer.AsSpan(0, (Length - 1) * FrameSize).CopyTo(_buffer.AsSpan((Length + 1) * FrameSize));
            _head = Length + 1;
        }

        _head--;
        frame.CopyTo(_buffer.AsSpan(_head * FrameSize, FrameSize));
    }

    private void CheckFrame(ReadOnlySpan<double> frame)
    {
        if (frame.Length != FrameSize)
        {
            throw new ArgumentException($"a frame has {FrameSize} numbers, got {frame.Length}", nameof(frame));
        }
    }
}
