using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Common request parameters (OPC 10000-4 "RequestHeader").</summary>
public sealed class RequestHeader
{
    /// <summary>Session token (opaque; null before CreateSession).</summary>
    public NodeId AuthenticationToken { get; set; }

    /// <summary>Client clock.</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>Echoed in the response.</summary>
    public uint RequestHandle { get; set; }

    /// <summary>Diagnostics mask (0).</summary>
    public uint ReturnDiagnostics { get; set; }

    /// <summary>Audit id.</summary>
    public string? AuditEntryId { get; set; }

    /// <summary>Timeout in ms (0 = none).</summary>
    public uint TimeoutHint { get; set; }

    /// <summary>Extension header.</summary>
    public ExtensionObject AdditionalHeader { get; set; }

    internal void Encode(UaBinaryWriter w)
    {
        w.WriteNodeId(AuthenticationToken);
        w.WriteDateTime(Timestamp);
        w.WriteUInt32(RequestHandle);
        w.WriteUInt32(ReturnDiagnostics);
        w.WriteString(AuditEntryId);
        w.WriteUInt32(TimeoutHint);
        w.WriteExtensionObject(AdditionalHeader);
    }

    internal static RequestHeader Decode(ref UaBinaryReader r)
    {
        var header = new RequestHeader();
        header.DecodeFields(ref r);
        return header;
    }

    internal void DecodeFields(ref UaBinaryReader r)
    {
        AuthenticationToken = r.ReadNodeId();
        Timestamp = r.ReadDateTime();
        RequestHandle = r.ReadUInt32();
        ReturnDiagnostics = r.ReadUInt32();
        AuditEntryId = r.ReadString();
        TimeoutHint = r.ReadUInt32();
        AdditionalHeader = r.ReadExtensionObject();
    }
}
