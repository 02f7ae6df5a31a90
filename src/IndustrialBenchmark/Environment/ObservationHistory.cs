namespace IndustrialSafeRL.IndustrialBenchmark.Environment;

/// <summary>
/// A window of the last <see cref="Length"/> observation frames, newest first, flattened into one contiguous span
/// (the "30 frames" state of the literature). At reset the first frame is repeated to fill the window.
/// Pushing a frame moves the window in place: no allocation.
/// </summary>
public sealed class ObservationHistory
{
    private readonly double[] _values;

    /// <summary>A window of <paramref name="length"/> frames of <paramref name="frameSize"/> numbers each.</summary>
    public ObservationHistory(int length, int frameSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, 1);
        Length = length;
        FrameSize = frameSize;
        _values = new double[length * frameSize];
    }

    /// <summary>Frames in the window.</summary>
    public int Length { get; }

    /// <summary>Numbers per frame.</summary>
    public int FrameSize { get; }

    /// <summary>All frames, newest first: frame k occupies [k·FrameSize, (k+1)·FrameSize).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Frame <paramref name="age"/> (0 = newest).</summary>
    public ReadOnlySpan<double> Frame(int age) => _values.AsSpan(age * FrameSize, FrameSize);

    /// <summary>Fills every frame with <paramref name="frame"/>.</summary>
    public void Reset(ReadOnlySpan<double> frame)
    {
        CheckFrame(frame);
        for (var k = 0; k < Length; k++)
        {
            frame.CopyTo(_values.AsSpan(k * FrameSize, FrameSize));
        }
    }

    /// <summary>Makes <paramref name="frame"/> the newest and drops the oldest.</summary>
    public void Push(ReadOnlySpan<double> frame)
    {
        CheckFrame(frame);
        _values.AsSpan(0, (Length - 1) * FrameSize).CopyTo(_values.AsSpan(FrameSize));
        frame.CopyTo(_values);
    }

    private void CheckFrame(ReadOnlySpan<double> frame)
    {
        if (frame.Length != FrameSize)
        {
            throw new ArgumentException($"a frame has {FrameSize} numbers, got {frame.Length}", nameof(frame));
        }
    }
}
