using IndustrialSafeRL.Contracts.Transitions;
using Microsoft.Data.Sqlite;

namespace IndustrialSafeRL.Cli.Tests;

/// <summary><c>isrl data export|import</c>: a store survives the CSV round trip; bad rows are named and earlier rows kept.</summary>
public sealed class DataCsvVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isrl-cli-csv-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Generated()
    {
        var store = Path.Combine(_folder, "generated.sqlite");
        var generate = CliRun.Invoke("data", "generate", "--policy", "optimized", "--epsilon", "0.4", "--episodes", "2", "--steps", "30", "--seed", "3", "--out", store);
        Assert.True(generate.ExitCode == 0, generate.Error);
        return store;
    }

    [Fact]
    public void Export_then_import_reproduces_the_store()
    {
        var source = Generated();
        var csv = Path.Combine(_folder, "rows.csv");
        var export = CliRun.Invoke("data", "export", "--store", source, "--out", csv);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Equal(61, File.ReadAllLines(csv).Length);

        var copy = Path.Combine(_folder, "copy.sqlite");
        var import = CliRun.Invoke("data", "import", "--csv", csv, "--store", copy, "--batch", "7");
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("imported 60 transitions", import.Output, StringComparison.Ordinal);

        using var a = TransitionStore.Open(source, readOnly: true);
        using var b = TransitionStore.Open(copy, readOnly: true);
        var left = a.Read().ToList();
        var right = b.Read().ToList();
        Assert.Equal(left.Count, right.Count);
        for (var i = 0; i < left.Count; i++)
        {
            Assert.Equal(left[i].Observation, right[i].Observation);
            Assert.Equal(left[i].NextObservation, right[i].NextObservation);
            Assert.Equal(left[i].AppliedAction, right[i].AppliedAction);
            Assert.Equal(left[i].Reward, right[i].Reward);
            Assert.Equal(left[i].Flags, right[i].Flags);
            Assert.Equal(left[i].TimestampUtc, right[i].TimestampUtc);
        }
    }

    [Fact]
    public void A_bad_row_is_named_and_the_rows_before_it_are_kept()
    {
        var csv = Path.Combine(_folder, "rows.csv");
        Assert.Equal(0, CliRun.Invoke("data", "export", "--store", Generated(), "--out", csv).ExitCode);
        var lines = File.ReadAllLines(csv);
        Assert.EndsWith(",offline,None,", lines[25], StringComparison.Ordinal);
        lines[25] = lines[25].Replace(",offline,None,", ",offline,Shed|Bogus,", StringComparison.Ordinal);
        File.WriteAllLines(csv, lines);

        var store = Path.Combine(_folder, "partial.sqlite");
        var import = CliRun.Invoke("data", "import", "--csv", csv, "--store", store, "--batch", "10");
        Assert.Equal(1, import.ExitCode);
        Assert.Contains("line 26, column 'flags': 'Shed|Bogus' is not a set of flags", import.Error, StringComparison.Ordinal);
        Assert.Contains("20 rows before the error were imported and kept", import.Error, StringComparison.Ordinal);
        using var opened = TransitionStore.Open(store, readOnly: true);
        Assert.Equal(20, opened.Count());
    }

    [Fact]
    public void Export_refuses_to_overwrite_and_import_refuses_a_foreign_store()
    {
        var source = Generated();
        var existing = Path.Combine(_folder, "existing.csv");
        File.WriteAllText(existing, "keep");
        var export = CliRun.Invoke("data", "export", "--store", source, "--out", existing);
        Assert.Equal(1, export.ExitCode);
        Assert.Contains("already exists", export.Error, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(existing));

        var csv = Path.Combine(_folder, "rows.csv");
        Assert.Equal(0, CliRun.Invoke("data", "export", "--store", source, "--out", csv).ExitCode);
        var foreign = Path.Combine(_folder, "foreign.sqlite");
        File.WriteAllText(foreign, "not a database at all, but long enough");
        var import = CliRun.Invoke("data", "import", "--csv", csv, "--store", foreign);
        Assert.Equal(1, import.ExitCode);
        Assert.Contains("not a transition store", import.Error, StringComparison.Ordinal);
        Assert.Equal("not a database at all, but long enough", File.ReadAllText(foreign));
    }
}
