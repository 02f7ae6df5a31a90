using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Common response parameters (OPC 10000-4 "ResponseHeader").</summary>
public sealed class ResponseHeader
{
    /// <summary>Server clock.</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>Echo of the request's handle.</summary>
    public uint RequestHandle { get; set; }

    /// <summary>Service-level result.</summary>
    public uint ServiceResult { get; set; }

    /// <summary>Diagnostics.</summary>
    public DiagnosticInfo? ServiceDiagnostics { get; set; }

    /// <summary>Strings referenced by diagnostics (empty array by default).</summary>
    public string?[]? StringTable { get; set; } = [];

    /// <summary>Extension header.</summary>
    public ExtensionObject AdditionalHeader { get; set; }

    /// <summary>A header answering <paramref name="request"/>.</summary>
    public static ResponseHeader For(RequestHeader? request, uint serviceResult = StatusCodes.Good) => new()
    {
        Timestamp = DateTime.UtcNow,
        RequestHandle = request?.RequestHandle ?? 0,
        ServiceResult = serviceResult,
    };

    internal void Encode(UaBinaryWriter w)
    {
        w.WriteDateTime(Timestamp);
        w.WriteUInt32(RequestHandle);
        w.WriteStatusCode(ServiceResult);
        w.WriteDiagnosticInfo(ServiceDiagnostics);
        w.WriteArray(StringTable, static (x, v) => x.WriteString(v));
        w.WriteExtensionObject(AdditionalHeader);
    }

    internal void DecodeFields(ref UaBinaryReader r)
    {
        Timestamp = r.ReadDateTime();
        RequestHandle = r.ReadUInt32();
        ServiceResult = r.ReadStatusCode();
        ServiceDiagnostics = r.ReadDiagnosticInfo();
        StringTable = r.ReadArray("StringTable", static (ref UaBinaryReader x) => x.ReadString());
        AdditionalHeader = r.ReadExtensionObject();
    }
}
