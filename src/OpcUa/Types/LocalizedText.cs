using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>Human-readable text with an optional locale.</summary>
public readonly record struct LocalizedText(string? Locale, string? Text)
{
    /// <summary>Text without locale.</summary>
    public static LocalizedText From(string? text) => new(null, text);

    /// <inheritdoc/>
    public override string ToString() => Text ?? string.Empty;

    internal void Encode(UaBinaryWriter writer)
    {
        byte mask = 0;
        if (Locale is not null)
        {
            mask |= 0x01;
        }

        if (Text is not null)
        {
            mask |= 0x02;
        }

        writer.WriteByte(mask);
        if (Locale is not null)
        {
            writer.WriteString(Locale);
        }

        if (Text is not null)
        {
            writer.WriteString(Text);
        }
    }

    internal static LocalizedText Decode(ref UaBinaryReader reader)
    {
        var start = reader.Position;
        var mask = reader.ReadByte();
        if ((mask & ~0x03) != 0)
        {
            throw reader.Fail(StatusCodes.BadDecodingError, $"LocalizedText mask 0x{mask:X2} has unknown bits", start);
        }

        var locale = (mask & 0x01) != 0 ? reader.ReadString() : null;
        var text = (mask & 0x02) != 0 ? reader.ReadString() : null;
        return new LocalizedText(locale, text);
    }
}
