using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>
/// The transition log on SQLite: one row per control step, appended durably in transactions (WAL), read back as a
/// stream. A file that is not a transition store, or was written by a newer schema, is refused and never touched.
/// </summary>
public sealed class TransitionStore : IDisposable
{
    /// <summary>The schema version this build writes and the newest it reads.</summary>
    public const int SchemaVersion = 1;

    internal const string FormatName = "IndustrialSafeRL.TransitionStore";

    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    private readonly SqliteConnection _connection;
    private readonly bool _readOnly;
    private SqliteCommand? _insert;

    private TransitionStore(string path, SqliteConnection connection, StoreLayout layout, bool readOnly)
    {
        Path = path;
        _connection = connection;
        Layout = layout;
        _readOnly = readOnly;
    }

    /// <summary>The file this store lives in.</summary>
    public string Path { get; }

    /// <summary>The tags every row holds.</summary>
    public StoreLayout Layout { get; }

    /// <summary>Creates a new store; refuses a path that already exists.</summary>
    public static TransitionStore Create(string path, StoreLayout layout, StoreDurability durability = StoreDurability.Full)
    {
        ArgumentNullException.ThrowIfNull(layout);
        layout.Validate();
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new TransitionStoreException($"{full}: already exists; refusing to overwrite it (open it, or choose a new path)");
        }

        var directory = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TransitionStoreException($"{full}: cannot create folder {directory}: {e.Message}", e);
            }
        }

        var connection = Connect(full, SqliteOpenMode.ReadWriteCreate, durability);
        try
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, """
                CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE schema_version (version INTEGER NOT NULL, applied_utc TEXT NOT NULL);
                CREATE TABLE transitions (
                    id INTEGER PRIMARY KEY,
                    run_id TEXT NOT NULL,
                    policy_id TEXT NOT NULL,
                    policy_version INTEGER NOT NULL,
                    episode INTEGER NOT NULL,
                    step INTEGER NOT NULL,
                    ts_utc_ticks INTEGER NOT NULL,
                    observation BLOB NOT NULL,
                    proposed_action BLOB NOT NULL,
                    applied_action BLOB NOT NULL,
                    reward REAL NOT NULL,
                    reward_components BLOB NOT NULL,
                    next_observation BLOB,
                    mode TEXT NOT NULL,
                    flags INTEGER NOT NULL,
                    interventions TEXT);
                CREATE INDEX ix_transitions_run ON transitions (run_id, episode, step);
                CREATE INDEX ix_transitions_policy ON transitions (policy_id);
                CREATE INDEX ix_transitions_time ON transitions (ts_utc_ticks);
                """);
            var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            Execute(connection, transaction, "INSERT INTO schema_version VALUES ($v, $t)", ("$v", SchemaVersion), ("$t", now));
            Execute(connection, transaction, "INSERT INTO store_info VALUES ('format', $f)", ("$f", FormatName));
            Execute(connection, transaction, "INSERT INTO store_info VALUES ('layout', $l)", ("$l", JsonSerializer.Serialize(layout)));
            Execute(connection, transaction, "INSERT INTO store_info VALUES ('created_utc', $t)", ("$t", now));
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new TransitionStoreException($"{full}: cannot create the store: {e.Message}", e);
        }

        return new TransitionStore(full, connection, layout, readOnly: false);
    }

    /// <summary>Opens an existing store, refusing anything that is not one or that a newer version wrote.</summary>
    public static TransitionStore Open(string path, bool readOnly = false, StoreDurability durability = StoreDurability.Full)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new TransitionStoreException($"{full}: no such transition store");
        }

        CheckSqliteHeader(full);
        var connection = Connect(full, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, durability);
        try
        {
            var layout = ReadLayout(connection, full);
            return new TransitionStore(full, connection, layout, readOnly);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens the store at <paramref name="path"/>, creating it when absent; an existing store must have this layout.</summary>
    public static TransitionStore OpenOrCreate(string path, StoreLayout layout, StoreDurability durability = StoreDurability.Full)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!File.Exists(path))
        {
            return Create(path, layout, durability);
        }

        var store = Open(path, readOnly: false, durability);
        if (!store.Layout.SameAs(layout))
        {
            store.Dispose();
            throw new TransitionStoreException(
                $"{System.IO.Path.GetFullPath(path)}: holds {store.Layout}, not the requested {layout}");
        }

        return store;
    }

    /// <summary>
    /// Appends a batch in one transaction. When this returns, every row of the batch is durable (within the
    /// store's durability); when it throws, none is.
    /// </summary>
    public void Append(IReadOnlyList<TransitionRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_readOnly)
        {
            throw new TransitionStoreException($"{Path}: opened read-only");
        }

        for (var i = 0; i < batch.Count; i++)
        {
            Validate(batch[i], i);
        }

        using var transaction = _connection.BeginTransaction();
        var insert = PrepareInsert();
        insert.Transaction = transaction;
        try
        {
            foreach (var record in batch)
            {
                Bind(insert, record);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw new TransitionStoreException($"{Path}: append failed, nothing of this batch was stored: {e.Message}", e);
        }
    }

    /// <summary>Appends one row durably.</summary>
    public void Append(TransitionRecord record) => Append([record]);

    /// <summary>Number of rows matching the query.</summary>
    public long Count(TransitionQuery? query = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM transitions" + Where(command, query);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Streams the rows matching the query in insertion order; holds one row in memory at a time.</summary>
    public IEnumerable<TransitionRecord> Read(TransitionQuery? query = null)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT run_id, policy_id, policy_version, episode, step, ts_utc_ticks, observation, proposed_action,
                   applied_action, reward, reward_components, next_observation, mode, flags, interventions, id
            FROM transitions
            """ + Where(command, query) + " ORDER BY id";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadRow(reader);
        }
    }

    /// <summary>Distinct run ids in the store, in order of first appearance.</summary>
    public IReadOnlyList<string> RunIds()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT run_id FROM transitions GROUP BY run_id ORDER BY MIN(id)";
        using var reader = command.ExecuteReader();
        var runs = new List<string>();
        while (reader.Read())
        {
            runs.Add(reader.GetString(0));
        }

        return runs;
    }

    /// <summary>Runs SQLite's integrity check; returns "ok" for a sound file.</summary>
    public string CheckIntegrity()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insert?.Dispose();
        _connection.Dispose();
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode, StoreDurability durability)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            if (mode != SqliteOpenMode.ReadOnly)
            {
                Execute(connection, null, "PRAGMA journal_mode=WAL");
                Execute(connection, null, durability == StoreDurability.Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
            }

            Execute(connection, null, "PRAGMA busy_timeout=5000");
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new TransitionStoreException($"{path}: cannot open: {e.Message}", e);
        }
    }

    private static void CheckSqliteHeader(string path)
    {
        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TransitionStoreException($"{path}: cannot read: {e.Message}", e);
        }

        if (read < header.Length || !header.SequenceEqual(SqliteHeader))
        {
            throw new TransitionStoreException($"{path}: not a transition store (not an SQLite database: the first 16 bytes differ from the SQLite header)");
        }
    }

    private static StoreLayout ReadLayout(SqliteConnection connection, string path)
    {
        string? format = null, layoutJson = null;
        long version = -1;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT key, value FROM store_info";
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    switch (reader.GetString(0))
                    {
                        case "format": format = reader.GetString(1); break;
                        case "layout": layoutJson = reader.GetString(1); break;
                    }
                }
            }

            command.CommandText = "SELECT MAX(version) FROM schema_version";
            version = command.ExecuteScalar() is long v ? v : -1;
        }
        catch (SqliteException e)
        {
            throw new TransitionStoreException($"{path}: not a transition store (an SQLite database without the store's tables: {e.Message})", e);
        }

        if (format != FormatName)
        {
            throw new TransitionStoreException($"{path}: not a transition store (store_info.format is '{format ?? "missing"}', expected '{FormatName}')");
        }

        if (version > SchemaVersion)
        {
            throw new TransitionStoreException(
                $"{path}: written with store schema version {version}, newer than this build supports ({SchemaVersion}); upgrade IndustrialSafeRL to read it");
        }

        if (version < 1)
        {
            throw new TransitionStoreException($"{path}: schema_version table is empty or invalid");
        }

        try
        {
            var layout = JsonSerializer.Deserialize<StoreLayout>(layoutJson ?? "null")
                ?? throw new TransitionStoreException($"{path}: store_info.layout is missing");
            layout.Validate();
            return layout;
        }
        catch (JsonException e)
        {
            throw new TransitionStoreException($"{path}: store_info.layout is not valid JSON: {e.Message}", e);
        }
    }

    private void Validate(TransitionRecord record, int index)
    {
        string Where(string field) => $"{Path}: batch row {index} ({field})";
        if (record is null)
        {
            throw new TransitionStoreException($"{Path}: batch row {index} is null");
        }

        if (string.IsNullOrEmpty(record.RunId))
        {
            throw new TransitionStoreException($"{Where(nameof(record.RunId))}: must not be empty");
        }

        if (string.IsNullOrEmpty(record.PolicyId))
        {
            throw new TransitionStoreException($"{Where(nameof(record.PolicyId))}: must not be empty");
        }

        CheckLength(record.Observation, Layout.ObservationTags, nameof(record.Observation));
        CheckLength(record.ProposedAction, Layout.ActionTags, nameof(record.ProposedAction));
        CheckLength(record.AppliedAction, Layout.ActionTags, nameof(record.AppliedAction));
        CheckLength(record.RewardComponents, Layout.RewardComponents, nameof(record.RewardComponents));
        if (record.NextObservation is not null)
        {
            CheckLength(record.NextObservation, Layout.ObservationTags, nameof(record.NextObservation));
        }

        void CheckLength(double[]? values, IReadOnlyList<string> tags, string field)
        {
            if (values is null || values.Length != tags.Count)
            {
                throw new TransitionStoreException(
                    $"{Where(field)}: expected {tags.Count} values ({string.Join(", ", tags)}), got {values?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}");
            }
        }
    }

    private SqliteCommand PrepareInsert()
    {
        if (_insert is not null)
        {
            return _insert;
        }

        var insert = _connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO transitions (run_id, policy_id, policy_version, episode, step, ts_utc_ticks, observation,
                proposed_action, applied_action, reward, reward_components, next_observation, mode, flags, interventions)
            VALUES ($run, $policy, $version, $episode, $step, $ts, $obs, $proposed, $applied, $reward, $components,
                $next, $mode, $flags, $interventions)
            """;
        foreach (var name in new[] { "$run", "$policy", "$version", "$episode", "$step", "$ts", "$obs", "$proposed", "$applied", "$reward", "$components", "$next", "$mode", "$flags", "$interventions" })
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _insert = insert;
        return insert;
    }

    private static void Bind(SqliteCommand insert, TransitionRecord record)
    {
        var p = insert.Parameters;
        p[0].Value = record.RunId;
        p[1].Value = record.PolicyId;
        p[2].Value = record.PolicyVersion;
        p[3].Value = record.Episode;
        p[4].Value = record.Step;
        p[5].Value = record.TimestampUtc.UtcTicks;
        p[6].Value = ToBlob(record.Observation);
        p[7].Value = ToBlob(record.ProposedAction);
        p[8].Value = ToBlob(record.AppliedAction);
        p[9].Value = record.Reward;
        p[10].Value = ToBlob(record.RewardComponents);
        p[11].Value = record.NextObservation is null ? DBNull.Value : ToBlob(record.NextObservation);
        p[12].Value = record.Mode;
        p[13].Value = (long)record.Flags;
        p[14].Value = record.Interventions.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(record.Interventions);
    }

    private TransitionRecord ReadRow(SqliteDataReader reader)
    {
        var id = reader.GetInt64(15);
        double[] Vector(int column, int expected, string field)
        {
            var bytes = (byte[])reader.GetValue(column);
            if (bytes.Length != expected * sizeof(double))
            {
                throw new TransitionStoreException($"{Path}: row id {id}, {field}: {bytes.Length} bytes where {expected} float64 values were expected");
            }

            return FromBlob(bytes);
        }

        var interventions = reader.IsDBNull(14)
            ? []
            : JsonSerializer.Deserialize<List<Intervention>>(reader.GetString(14)) ?? [];
        return new TransitionRecord
        {
            RunId = reader.GetString(0),
            PolicyId = reader.GetString(1),
            PolicyVersion = reader.GetInt32(2),
            Episode = reader.GetInt64(3),
            Step = reader.GetInt64(4),
            TimestampUtc = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
            Observation = Vector(6, Layout.ObservationTags.Count, "observation"),
            ProposedAction = Vector(7, Layout.ActionTags.Count, "proposed_action"),
            AppliedAction = Vector(8, Layout.ActionTags.Count, "applied_action"),
            Reward = reader.GetDouble(9),
            RewardComponents = Vector(10, Layout.RewardComponents.Count, "reward_components"),
            NextObservation = reader.IsDBNull(11) ? null : Vector(11, Layout.ObservationTags.Count, "next_observation"),
            Mode = reader.GetString(12),
            Flags = (TransitionFlags)reader.GetInt64(13),
            Interventions = interventions,
        };
    }

    private static string Where(SqliteCommand command, TransitionQuery? query)
    {
        if (query is null)
        {
            return string.Empty;
        }

        var clauses = new List<string>();
        void Add(string clause, string name, object value)
        {
            clauses.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }

        if (query.RunId is not null) Add("run_id = $qrun", "$qrun", query.RunId);
        if (query.PolicyId is not null) Add("policy_id = $qpolicy", "$qpolicy", query.PolicyId);
        if (query.Episode is not null) Add("episode = $qepisode", "$qepisode", query.Episode.Value);
        if (query.FromUtc is not null) Add("ts_utc_ticks >= $qfrom", "$qfrom", query.FromUtc.Value.UtcTicks);
        if (query.ToUtc is not null) Add("ts_utc_ticks < $qto", "$qto", query.ToUtc.Value.UtcTicks);
        return clauses.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", clauses);
    }

    private static byte[] ToBlob(double[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static double[] FromBlob(byte[] bytes) => MemoryMarshal.Cast<byte, double>(bytes).ToArray();

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
