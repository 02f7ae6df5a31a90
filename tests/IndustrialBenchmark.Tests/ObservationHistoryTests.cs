using IndustrialSafeRL.IndustrialBenchmark.Environment;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

public sealed class ObservationHistoryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(30)]
    public void The_window_is_newest_first_across_many_wrap_arounds(int length)
    {
        var history = new ObservationHistory(length, 2);
        history.Reset([-1.0, -2.0]);
        var pushed = new List<double[]>();
        for (var t = 0; t < (5 * length) + 7; t++)
        {
            double[] frame = [t, t + 0.5];
            history.Push(frame);
            pushed.Add(frame);

            // Expected: the newest frames in reverse order, padded with the reset frame.
            var expected = new List<double>();
            for (var k = 0; k < length; k++)
            {
                var index = pushed.Count - 1 - k;
                expected.AddRange(index >= 0 ? pushed[index] : [-1.0, -2.0]);
            }

            Assert.Equal(expected, history.Values.ToArray());
            Assert.Equal(pushed[^1], history.Frame(0).ToArray());
        }
    }

    [Fact]
    public void Bad_frames_and_ages_are_refused()
    {
        var history = new ObservationHistory(4, 6);
        Assert.Throws<ArgumentException>(() => history.Push([1.0, 2.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => history.Frame(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ObservationHistory(0, 6));
    }
}
