using System.Text.Json;
using IndustrialSafeRL.Controller.Host.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IndustrialSafeRL.Controller.Host.Tests;

public sealed class AuditTrailTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("isrl-audit-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Every_entry_is_a_json_line_on_disk_and_memory_keeps_only_the_latest()
    {
        var path = Path.Combine(root, "sub", "audit.jsonl");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));
        using (var audit = new AuditTrail(path, time, NullLogger<AuditTrail>.Instance))
        {
            for (var i = 0; i < AuditTrail.MemoryCapacity + 5; i++)
            {
                audit.Record("mode", $"op-{i}", "Shadow", "Auto", "why");
                time.Advance(TimeSpan.FromSeconds(1));
            }

            Assert.Equal(AuditTrail.MemoryCapacity, audit.Entries.Count);
            Assert.Equal("op-5", audit.Entries[0].Who);
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(AuditTrail.MemoryCapacity + 5, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("op-0", first.GetProperty("who").GetString());
        Assert.Equal("2026-11-23T06:00:00+00:00", first.GetProperty("timestampUtc").GetString());
        Assert.Equal(["timestampUtc", "kind", "who", "from", "to", "why"], first.EnumerateObject().Select(p => p.Name));
    }
}
