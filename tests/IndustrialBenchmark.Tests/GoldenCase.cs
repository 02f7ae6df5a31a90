using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using IndustrialSafeRL.IndustrialBenchmark.Randomness;
using IndustrialSafeRL.TestSupport;

namespace IndustrialSafeRL.IndustrialBenchmark.Tests;

/// <summary>One golden trajectory of the reference simulator, read from shared/reference/industrial-benchmark/golden.</summary>
internal sealed record GoldenCase(string Name, double Setpoint, uint EnvSeed, bool Stationary, string File)
{
    public static string Directory => RepositoryPaths.SharedFile("reference", "industrial-benchmark", "golden");

    public static IReadOnlyList<GoldenCase> All { get; } = Load();

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in All)
            {
                data.Add(c.Name);
            }

            return data;
        }
    }

    public static GoldenCase Get(string name) => All.Single(c => c.Name == name);

    public GoldenTrajectory Read() => GoldenTrajectory.Read(Path.Combine(Directory, File));

    private static List<GoldenCase> Load()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Directory, "cases.json")));
        return doc.RootElement.EnumerateArray()
            .Select(e => new GoldenCase(
                e.GetProperty("case").GetString()!,
                e.GetProperty("setpoint").GetDouble(),
                e.GetProperty("env_seed").GetUInt32(),
                !e.TryGetProperty("stationary", out var s) || s.GetBoolean(),
                e.GetProperty("file").GetString()!))
            .ToList();
    }
}

/// <summary>The rows of a golden file: columns by name, and the recorded draws per row.</summary>
internal sealed class GoldenTrajectory
{
    private readonly Dictionary<string, int> _index;
    private readonly List<string[]> _rows;

    private GoldenTrajectory(string[] header, List<string[]> rows)
    {
        _index = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        _rows = rows;
    }

    public int Count => _rows.Count;

    public double Value(int row, string column) =>
        double.Parse(_rows[row][_index[column]], CultureInfo.InvariantCulture);

    public IReadOnlyList<RandomDraw> Draws(int row) => RandomDraw.ParseList(_rows[row][_index["draws"]]).ToList();

    public List<RandomDraw> AllDraws() => Enumerable.Range(0, Count).SelectMany(Draws).ToList();

    public static GoldenTrajectory Read(string path)
    {
        using var file = System.IO.File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            rows.Add(line.Split(','));
        }

        return new GoldenTrajectory(header, rows);
    }
}
