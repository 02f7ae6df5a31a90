using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>A browse name: namespace index and name. In Browse/Translate the index is significant.</summary>
public readonly record struct QualifiedName(ushort NamespaceIndex, string? Name)
{
    /// <summary>Parses <c>2:velocity</c> or <c>velocity</c> (namespace 0).</summary>
    public static QualifiedName Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && ushort.TryParse(text.AsSpan(0, colon), out var ns)
            ? new QualifiedName(ns, text[(colon + 1)..])
            : new QualifiedName(0, text);
    }

    /// <inheritdoc/>
    public override string ToString() => NamespaceIndex == 0 ? Name ?? string.Empty : $"{NamespaceIndex}:{Name}";

    internal void Encode(UaBinaryWriter writer)
    {
        writer.WriteUInt16(NamespaceIndex);
        writer.WriteString(Name);
    }

    internal static QualifiedName Decode(ref UaBinaryReader reader)
    {
        var ns = reader.ReadUInt16();
        return new QualifiedName(ns, reader.ReadString());
    }
}
