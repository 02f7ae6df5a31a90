using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace IndustrialSafeRL.Controller.Host.Control;

/// <summary>
/// The audit trail: every mode change (who, when, from, to, why), shed, resume and policy activation, appended as one
/// JSON object per line to a file that is flushed to disk before the call returns, and logged. The last
/// <see cref="MemoryCapacity"/> entries are also kept in memory (for /status and tests); the file keeps all. Thread-safe.
/// </summary>
public sealed partial class AuditTrail : IDisposable
{
    /// <summary>Entries kept in memory (the oldest are dropped first; the file keeps every entry).</summary>
    public const int MemoryCapacity = 1000;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Lock gate = new();
    private readonly List<AuditEntry> entries = [];
    private readonly FileStream? file;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Opens (appends to) the trail at <paramref name="path"/>; null keeps it in memory only.</summary>
    public AuditTrail(string? path, TimeProvider time, ILogger<AuditTrail> logger)
    {
        this.time = time;
        this.logger = logger;
        if (!string.IsNullOrEmpty(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
    }

    /// <summary>The most recent entries (at most <see cref="MemoryCapacity"/>), oldest first (a copy).</summary>
    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>Records an event now; durable when this returns.</summary>
    public AuditEntry Record(string kind, string who, string from, string to, string why)
    {
        var entry = new AuditEntry(time.GetUtcNow(), kind, who, from, to, why);
        lock (gate)
        {
            if (entries.Count == MemoryCapacity)
            {
                entries.RemoveAt(0);
            }

            entries.Add(entry);
            if (file is not null)
            {
                var line = JsonSerializer.SerializeToUtf8Bytes(entry, Json);
                file.Write(line);
                file.WriteByte((byte)'\n');
                file.Flush(flushToDisk: true);
            }
        }

        LogEntry(logger, entry.Kind, entry.Who, entry.From, entry.To, entry.Why);
        return entry;
    }

    /// <inheritdoc />
    public void Dispose() => file?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit {Kind} by {Who}: {From} -> {To} ({Why})")]
    private static partial void LogEntry(ILogger logger, string kind, string who, string from, string to, string why);
}
