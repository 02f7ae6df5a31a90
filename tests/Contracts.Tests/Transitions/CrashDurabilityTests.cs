using System.Diagnostics;
using System.Globalization;
using IndustrialSafeRL.Contracts.Transitions;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.Contracts.Tests.Transitions;

public sealed class CrashDurabilityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Killing_the_writer_mid_append_loses_no_acknowledged_row_and_the_file_still_opens()
    {
        var path = Path.Combine(_dir, "crash.sqlite");
        var writerDll = Path.Combine(AppContext.BaseDirectory, "IndustrialSafeRL.Contracts.CrashWriter.dll");
        Assert.True(File.Exists(writerDll), writerDll);
        var host = Environment.ProcessPath ?? "dotnet";
        if (!Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            host = "dotnet";
        }

        var lastAcknowledged = -1L;
        for (var round = 0; round < 3; round++)
        {
            using var writer = Process.Start(new ProcessStartInfo(host, [writerDll, path, "50"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var acknowledgements = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (acknowledgements < 20 + (round * 7))
            {
                var line = await writer.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.NotNull(line);
                lastAcknowledged = long.Parse(line!.AsSpan(4), CultureInfo.InvariantCulture);
                acknowledgements++;
            }

            // Kill while it keeps appending: the next batch is in flight.
            writer.Kill(entireProcessTree: true);
            await writer.WaitForExitAsync(timeout.Token);
            SqliteConnection.ClearAllPools();

            using var store = TransitionStore.Open(path, readOnly: true);
            Assert.Equal("ok", store.CheckIntegrity());
            var steps = store.Read().Select(r => r.Step).ToList();
            Assert.True(steps.Count >= lastAcknowledged + 1, $"round {round}: {steps.Count} rows, acknowledged up to step {lastAcknowledged}");
            Assert.Equal(Enumerable.Range(0, (int)lastAcknowledged + 1).Select(i => (long)i), steps.Take((int)lastAcknowledged + 1));
            // Rows arrive only in whole batches.
            Assert.Equal(0, steps.Count % 50);

            // The next round continues from a fresh store file, so its acknowledgements restart.
            store.Dispose();
            File.Delete(path);
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
        }
    }
}
