namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>
/// A small direct-mapped cache of short ASCII strings (NodeId identifiers), so decoding the same request every cycle
/// does not allocate the same strings again. Bounded: 4096 slots of at most 128 characters; a collision just replaces.
/// </summary>
internal static class AsciiStringCache
{
    private const int MaxLength = 128;
    private const int Slots = 4096;
    private static readonly string?[] Table = new string?[Slots];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength || !System.Text.Ascii.IsValid(utf8))
        {
            return UaBinaryWriter.Utf8Strict.GetString(utf8);
        }

        var slot = (int)(Fnv1a(utf8) & (Slots - 1));
        var cached = Volatile.Read(ref Table[slot]);
        if (cached is not null && System.Text.Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        var created = System.Text.Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref Table[slot], created);
        return created;
    }

    private static uint Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
