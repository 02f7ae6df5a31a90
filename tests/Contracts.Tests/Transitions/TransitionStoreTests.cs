using IndustrialSafeRL.Contracts.Transitions;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.Contracts.Tests.Transitions;

public sealed class TransitionStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-store-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    internal static TransitionRecord Row(string run, long episode, long step, double value = 1.0, TransitionFlags flags = TransitionFlags.None) => new()
    {
        RunId = run,
        PolicyId = "policy-" + run,
        PolicyVersion = 2,
        Episode = episode,
        Step = step,
        TimestampUtc = new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero).AddSeconds(step),
        Observation = [70, value, 50.5, 49.25, 0.1 / 3, 1e-300],
        ProposedAction = [0.5, -1, 0.25],
        AppliedAction = [0.25, -0.5, 0.125],
        Reward = -3 * value,
        RewardComponents = [value, -value],
        NextObservation = step % 2 == 0 ? [70, value + 1, 50, 49, 0.2, 0.3] : null,
        Mode = "auto",
        Flags = flags,
        Interventions = flags.HasFlag(TransitionFlags.Shed) ? [new Intervention("move-limit", "delta_gain moved 0.6 > 0.5 per cycle")] : [],
    };

    [Fact]
    public void Appended_rows_read_back_exactly_in_order()
    {
        var path = Path.Combine(_dir, "a.sqlite");
        var rows = Enumerable.Range(0, 10).Select(i => Row("r1", 0, i, i * 0.1, i == 3 ? TransitionFlags.Shed | TransitionFlags.StaleInput : TransitionFlags.None)).ToList();
        using (var store = TransitionStore.Create(path, StoreLayout.IndustrialBenchmark))
        {
            store.Append(rows.Take(4).ToList());
            store.Append(rows.Skip(4).ToList());
        }

        using var reopened = TransitionStore.Open(path, readOnly: true);
        var back = reopened.Read().ToList();
        Assert.Equal(10, back.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            AssertSame(rows[i], back[i]);
        }

        Assert.Equal("ok", reopened.CheckIntegrity());
        Assert.True(reopened.Layout.SameAs(StoreLayout.IndustrialBenchmark));
    }

    [Fact]
    public void Queries_select_by_run_policy_episode_and_time()
    {
        var path = Path.Combine(_dir, "q.sqlite");
        using var store = TransitionStore.Create(path, StoreLayout.IndustrialBenchmark, StoreDurability.Normal);
        store.Append([Row("a", 0, 0), Row("a", 0, 1), Row("a", 1, 0), Row("b", 0, 0), Row("b", 0, 5)]);
        Assert.Equal(5, store.Count());
        Assert.Equal(3, store.Count(new TransitionQuery(RunId: "a")));
        Assert.Equal(2, store.Count(new TransitionQuery(PolicyId: "policy-b")));
        Assert.Equal(1, store.Count(new TransitionQuery(RunId: "a", Episode: 1)));
        var from = new DateTimeOffset(2026, 11, 23, 4, 0, 1, TimeSpan.Zero);
        Assert.Equal([1L, 5L], store.Read(new TransitionQuery(FromUtc: from)).Select(r => r.Step).ToArray());
        Assert.Equal(["a", "b"], store.RunIds());
    }

    [Fact]
    public void A_row_that_does_not_fit_the_layout_is_refused_naming_the_field_and_nothing_of_the_batch_is_stored()
    {
        using var store = TransitionStore.Create(Path.Combine(_dir, "v.sqlite"), StoreLayout.IndustrialBenchmark);
        var good = Row("r", 0, 0);
        var bad = new TransitionRecord
        {
            RunId = "r",
            PolicyId = "p",
            Observation = [1, 2, 3],
            ProposedAction = [0, 0, 0],
            AppliedAction = [0, 0, 0],
            RewardComponents = [0, 0],
        };
        var e = Assert.Throws<TransitionStoreException>(() => store.Append([good, bad]));
        Assert.Contains("batch row 1 (Observation)", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 6 values", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void Create_refuses_an_existing_file_and_leaves_it_untouched()
    {
        var path = Path.Combine(_dir, "exists.sqlite");
        File.WriteAllText(path, "precious");
        var e = Assert.Throws<TransitionStoreException>(() => TransitionStore.Create(path, StoreLayout.IndustrialBenchmark));
        Assert.Contains("refusing to overwrite", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(path));
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused_and_left_untouched()
    {
        var path = Path.Combine(_dir, "foreign.sqlite");
        File.WriteAllText(path, "run,step\n1,2\n");
        var e = Assert.Throws<TransitionStoreException>(() => TransitionStore.Open(path));
        Assert.Contains("not a transition store", e.Message, StringComparison.Ordinal);
        Assert.Equal("run,step\n1,2\n", File.ReadAllText(path));
        Assert.Throws<TransitionStoreException>(() => TransitionStore.OpenOrCreate(path, StoreLayout.IndustrialBenchmark));
        Assert.Equal("run,step\n1,2\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_foreign_sqlite_database_is_refused()
    {
        var path = Path.Combine(_dir, "other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER)";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<TransitionStoreException>(() => TransitionStore.Open(path));
        Assert.Contains("without the store's tables", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_with_a_newer_schema_is_refused_with_the_versions_named()
    {
        var path = Path.Combine(_dir, "newer.sqlite");
        using (var store = TransitionStore.Create(path, StoreLayout.IndustrialBenchmark))
        {
            store.Append(Row("r", 0, 0));
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version VALUES (7, 'later')";
            command.ExecuteNonQuery();
        }

        var e = Assert.Throws<TransitionStoreException>(() => TransitionStore.Open(path));
        Assert.Contains("schema version 7", e.Message, StringComparison.Ordinal);
        Assert.Contains($"({TransitionStore.SchemaVersion})", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenOrCreate_refuses_a_store_with_another_layout()
    {
        var path = Path.Combine(_dir, "layout.sqlite");
        TransitionStore.Create(path, StoreLayout.IndustrialBenchmark).Dispose();
        var other = new StoreLayout(["x", "y"], ["dx", "dy"], []);
        var e = Assert.Throws<TransitionStoreException>(() => TransitionStore.OpenOrCreate(path, other));
        Assert.Contains("not the requested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_layouts_are_refused_naming_the_tag()
    {
        var e = Assert.Throws<TransitionStoreException>(() => new StoreLayout(["a", "a"], ["b"], []).Validate());
        Assert.Contains("ObservationTags[1]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<TransitionStoreException>(() => new StoreLayout(["a"], ["b c"], []).Validate());
        Assert.Contains("ActionTags[0]", e.Message, StringComparison.Ordinal);
    }

    internal static void AssertSame(TransitionRecord expected, TransitionRecord actual)
    {
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.PolicyId, actual.PolicyId);
        Assert.Equal(expected.PolicyVersion, actual.PolicyVersion);
        Assert.Equal(expected.Episode, actual.Episode);
        Assert.Equal(expected.Step, actual.Step);
        Assert.Equal(expected.TimestampUtc, actual.TimestampUtc);
        Assert.Equal(expected.Observation, actual.Observation);
        Assert.Equal(expected.ProposedAction, actual.ProposedAction);
        Assert.Equal(expected.AppliedAction, actual.AppliedAction);
        Assert.Equal(expected.Reward, actual.Reward);
        Assert.Equal(expected.RewardComponents, actual.RewardComponents);
        Assert.Equal(expected.NextObservation, actual.NextObservation);
        Assert.Equal(expected.Mode, actual.Mode);
        Assert.Equal(expected.Flags, actual.Flags);
        Assert.Equal(expected.Interventions, actual.Interventions);
    }
}
