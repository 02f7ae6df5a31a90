using System.Text.Json;
using IndustrialSafeRL.TestSupport;

namespace IndustrialSafeRL.OpcUa.Tests.Codec;

/// <summary>The byte-exact chunks node-opcua exchanged with itself (shared/interop/opcua/vectors.node-opcua.json).</summary>
internal static class CapturedVectors
{
    private static readonly Lazy<IReadOnlyList<Vector>> All = new(Load);

    public sealed record Vector(int Index, string Connection, string Direction, string Type, string? Service, byte[] Bytes)
    {
        public override string ToString() => $"{Index}:{Connection}/{Direction}/{Type}/{Service}";
    }

    public static IReadOnlyList<Vector> Chunks => All.Value;

    public static Vector Find(string service) => Chunks.First(v => v.Service == service);

    private static List<Vector> Load()
    {
        var path = RepositoryPaths.SharedFile("interop", "opcua", "vectors.node-opcua.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new List<Vector>();
        var i = 0;
        foreach (var c in doc.RootElement.GetProperty("chunks").EnumerateArray())
        {
            result.Add(new Vector(i++, c.GetProperty("connection").GetString()!, c.GetProperty("dir").GetString()!,
                c.GetProperty("type").GetString()!, c.GetProperty("service").GetString(), Convert.FromHexString(c.GetProperty("hex").GetString()!)));
        }

        return result;
    }
}
