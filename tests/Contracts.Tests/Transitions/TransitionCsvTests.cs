using IndustrialSafeRL.Contracts.Transitions;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.Contracts.Tests.Transitions;

public sealed class TransitionCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("isrl-csv-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Export_then_import_reproduces_every_value()
    {
        var rows = Enumerable.Range(0, 25)
            .Select(i => TransitionStoreTests.Row(i < 12 ? "run,with \"comma\"" : "r2", i / 10, i, Math.PI * i, i % 5 == 0 ? TransitionFlags.Shed | TransitionFlags.EpisodeEnd : TransitionFlags.None))
            .ToList();
        using var source = TransitionStore.Create(Path.Combine(_dir, "src.sqlite"), StoreLayout.IndustrialBenchmark);
        source.Append(rows);
        var csv = new StringWriter();
        Assert.Equal(25, TransitionCsv.Export(source, csv));

        using var target = TransitionStore.Create(Path.Combine(_dir, "dst.sqlite"), StoreLayout.IndustrialBenchmark);
        Assert.Equal(25, TransitionCsv.Import(new StringReader(csv.ToString()), "rows.csv", target, batchSize: 7));
        var back = target.Read().ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            TransitionStoreTests.AssertSame(rows[i], back[i]);
        }
    }

    [Fact]
    public void The_header_defines_the_layout()
    {
        var layout = TransitionCsv.ParseHeader(TransitionCsv.Header(StoreLayout.IndustrialBenchmark), "x.csv");
        Assert.True(layout.SameAs(StoreLayout.IndustrialBenchmark));
    }

    [Fact]
    public void A_bad_number_is_reported_with_line_and_column_and_earlier_batches_stay_imported()
    {
        using var source = TransitionStore.Create(Path.Combine(_dir, "s.sqlite"), StoreLayout.IndustrialBenchmark);
        source.Append(Enumerable.Range(0, 5).Select(i => TransitionStoreTests.Row("r", 0, i)).ToList());
        var csv = new StringWriter();
        TransitionCsv.Export(source, csv);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var cells = lines[4].Split(',');
        cells[7] = "fast";
        lines[4] = string.Join(',', cells);

        using var target = TransitionStore.Create(Path.Combine(_dir, "t.sqlite"), StoreLayout.IndustrialBenchmark);
        var e = Assert.Throws<TransitionStoreException>(() => TransitionCsv.Import(new StringReader(string.Join('\n', lines)), "plant.csv", target, batchSize: 2));
        Assert.Equal("plant.csv line 5, column 'obs:velocity': 'fast' is not a number", e.Message);
        Assert.Equal(2, target.Count());
    }

    [Theory]
    [InlineData("run_id,policy_id", "header column 3: expected 'policy_version', found the end of the line")]
    [InlineData("run_id,policy_id,policy_version,episode,step,timestamp_utc,obs:a,proposed:u,applied:v,reward,next:a,mode,flags,interventions", "differ from applied")]
    [InlineData("run_id,policy_id,policy_version,episode,step,timestamp_utc,obs:a,proposed:u,applied:u,reward,next:a,mode,flags,interventions,extra", "header column 15 'extra' is unexpected")]
    public void Malformed_headers_name_the_column(string header, string expected)
    {
        var e = Assert.Throws<TransitionStoreException>(() => TransitionCsv.ParseHeader(header, "h.csv"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
