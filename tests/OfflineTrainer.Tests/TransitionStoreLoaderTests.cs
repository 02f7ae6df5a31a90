using IndustrialSafeRL.Contracts.Transitions;
using IndustrialSafeRL.OfflineTrainer.Data;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.OfflineTrainer.Tests;

/// <summary>Only rows whose logged action reached the plant become training transitions.</summary>
public sealed class TransitionStoreLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-loader-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static TransitionRecord Row(long step, string mode, TransitionFlags flags = TransitionFlags.None) => new()
    {
        RunId = "host",
        PolicyId = "p",
        Step = step,
        Observation = [70, step, 50, 50, 1, 2],
        NextObservation = [70, step + 1, 50, 50, 1, 2],
        ProposedAction = [0.5, 0, 0],
        AppliedAction = [step, 0, 0],
        Reward = -step,
        RewardComponents = [1, 2],
        Mode = mode,
        Flags = flags,
    };

    [Fact]
    public void Shadow_and_shed_rows_split_the_episode_and_are_left_out()
    {
        var path = Path.Combine(_dir, "host.sqlite");
        using (var store = TransitionStore.Create(path, StoreLayout.IndustrialBenchmark))
        {
            store.Append([
                Row(0, "auto"), Row(1, "auto"), Row(2, "auto"),
                Row(3, "shadow"), Row(4, "shadow"),
                Row(5, "auto"), Row(6, "auto"),
                Row(7, "auto", TransitionFlags.Shed),
                Row(8, "auto"), Row(9, "auto", TransitionFlags.EpisodeEnd),
            ]);
        }

        var data = TransitionStoreLoader.Load(path);
        Assert.Equal([3, 2, 2], data.Episodes.Select(e => e.Length));
        Assert.Equal([0.0, 1, 2, 5, 6, 8, 9], data.Episodes.SelectMany(e => e.Actions.Select(a => a[0])));
        // The last frame of each segment is the next observation of its last acting row.
        Assert.Equal(3.0, data.Episodes[0].Frames[^1][1]);
        Assert.Equal(7.0, data.Episodes[1].Frames[^1][1]);
        // Only the first segment begins the run: the others resume after shadow and shed rows.
        Assert.Equal([true, false, false], data.Episodes.Select(e => e.StartsRun));
    }

    [Fact]
    public void A_store_with_no_acting_row_is_refused_with_the_reason()
    {
        var path = Path.Combine(_dir, "shadow.sqlite");
        using (var store = TransitionStore.Create(path, StoreLayout.IndustrialBenchmark))
        {
            store.Append([Row(0, "shadow"), Row(1, "shadow")]);
        }

        var e = Assert.Throws<InvalidDataException>(() => TransitionStoreLoader.Load(path));
        Assert.Contains("no row records an action the plant received", e.Message, StringComparison.Ordinal);
    }
}
