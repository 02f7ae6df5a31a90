using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>Vendor diagnostics attached to a result; servers in the subset never send one, but the decoder reads them all.</summary>
public sealed record DiagnosticInfo
{
    /// <summary>Index into the string table.</summary>
    public int? SymbolicId { get; init; }

    /// <summary>Index into the string table.</summary>
    public int? NamespaceUri { get; init; }

    /// <summary>Index into the string table.</summary>
    public int? Locale { get; init; }

    /// <summary>Index into the string table.</summary>
    public int? LocalizedText { get; init; }

    /// <summary>Free text.</summary>
    public string? AdditionalInfo { get; init; }

    /// <summary>Inner status.</summary>
    public uint? InnerStatusCode { get; init; }

    /// <summary>Inner diagnostics.</summary>
    public DiagnosticInfo? Inner { get; init; }

    internal static void Encode(UaBinaryWriter w, DiagnosticInfo? d)
    {
        if (d is null)
        {
            w.WriteByte(0);
            return;
        }

        byte mask = 0;
        if (d.SymbolicId.HasValue) { mask |= 0x01; }
        if (d.NamespaceUri.HasValue) { mask |= 0x02; }
        if (d.LocalizedText.HasValue) { mask |= 0x04; }
        if (d.Locale.HasValue) { mask |= 0x08; }
        if (d.AdditionalInfo is not null) { mask |= 0x10; }
        if (d.InnerStatusCode.HasValue) { mask |= 0x20; }
        if (d.Inner is not null) { mask |= 0x40; }
        w.WriteByte(mask);
        if (d.SymbolicId.HasValue) { w.WriteInt32(d.SymbolicId.Value); }
        if (d.NamespaceUri.HasValue) { w.WriteInt32(d.NamespaceUri.Value); }
        if (d.Locale.HasValue) { w.WriteInt32(d.Locale.Value); }
        if (d.LocalizedText.HasValue) { w.WriteInt32(d.LocalizedText.Value); }
        if (d.AdditionalInfo is not null) { w.WriteString(d.AdditionalInfo); }
        if (d.InnerStatusCode.HasValue) { w.WriteUInt32(d.InnerStatusCode.Value); }
        if (d.Inner is not null) { Encode(w, d.Inner); }
    }

    internal static DiagnosticInfo? Decode(ref UaBinaryReader r)
    {
        var start = r.Position;
        var mask = r.ReadByte();
        if (mask == 0)
        {
            return null;
        }

        if ((mask & 0x80) != 0)
        {
            throw r.Fail(StatusCodes.BadDecodingError, $"DiagnosticInfo mask 0x{mask:X2} has unknown bits", start);
        }

        r.EnterNesting();
        var info = new DiagnosticInfo
        {
            SymbolicId = (mask & 0x01) != 0 ? r.ReadInt32() : null,
            NamespaceUri = (mask & 0x02) != 0 ? r.ReadInt32() : null,
            Locale = (mask & 0x08) != 0 ? r.ReadInt32() : null,
            LocalizedText = (mask & 0x04) != 0 ? r.ReadInt32() : null,
            AdditionalInfo = (mask & 0x10) != 0 ? r.ReadString() ?? string.Empty : null,
            InnerStatusCode = (mask & 0x20) != 0 ? r.ReadUInt32() : null,
            Inner = (mask & 0x40) != 0 ? Decode(ref r) ?? new DiagnosticInfo() : null,
        };
        r.LeaveNesting();
        return info;
    }
}
