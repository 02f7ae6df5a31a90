using IndustrialSafeRL.Policy.Runtime.History;

namespace IndustrialSafeRL.Policy.Runtime.Tests;

public sealed class ObservationHistoryTests
{
    [Fact]
    public void After_reset_the_first_frame_fills_the_window()
    {
        var history = new ObservationHistory(4, 2);
        history.Push([1, 10]);
        var window = new float[8];
        history.CopyWindow(window, 4, [0, 1]);
        Assert.Equal([1, 10, 1, 10, 1, 10, 1, 10], window);
    }

    [Fact]
    public void The_window_is_newest_first_and_wraps_around_the_ring()
    {
        var history = new ObservationHistory(3, 1);
        for (var i = 1; i <= 5; i++)
        {
            history.Push([i]);
        }

        var window = new float[3];
        history.CopyWindow(window, 3, [0]);
        Assert.Equal([5f, 4f, 3f], window);
        var shorter = new float[2];
        history.CopyWindow(shorter, 2, [0]);
        Assert.Equal([5f, 4f], shorter);
        Assert.Equal(5, history.Count);
    }

    [Fact]
    public void Reset_starts_a_new_episode_from_the_next_frame()
    {
        var history = new ObservationHistory(3, 1);
        history.Push([1]);
        history.Push([2]);
        history.Reset();
        history.Push([7]);
        history.Push([8]);
        var window = new float[3];
        history.CopyWindow(window, 3, [0]);
        Assert.Equal([8f, 7f, 7f], window);
    }

    [Fact]
    public void Columns_follow_the_given_tag_index()
    {
        var history = new ObservationHistory(2, 3);
        history.Push([1, 2, 3]);
        history.Push([4, 5, 6]);
        var window = new float[4];
        history.CopyWindow(window, 2, [2, 0]);
        Assert.Equal([6f, 4f, 3f, 1f], window);
    }

    [Fact]
    public void A_frame_of_the_wrong_length_is_refused()
    {
        var history = new ObservationHistory(2, 3);
        var e = Assert.Throws<ArgumentException>(() => history.Push([1, 2]));
        Assert.StartsWith("frame: has 2 values, the history keeps 3", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Packages trained on oldest-first windows get their frames in that order.</summary>
public sealed class ObservationHistoryFrameOrderTests
{
    [Fact]
    public void An_oldest_first_window_holds_the_same_frames_in_reverse_order()
    {
        var history = new ObservationHistory(capacity: 4, frameLength: 2);
        for (var t = 1; t <= 5; t++)
        {
            history.Push([t, 10 * t]);
        }

        var newest = new float[3 * 2];
        var oldest = new float[3 * 2];
        history.CopyWindow(newest, 3, [1, 0]);
        history.CopyWindow(oldest, 3, [1, 0], oldestFirst: true);
        Assert.Equal([50f, 5f, 40f, 4f, 30f, 3f], newest);
        Assert.Equal([30f, 3f, 40f, 4f, 50f, 5f], oldest);
    }
}
