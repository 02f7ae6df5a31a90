using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A service request: a structure that starts with a <see cref="Messages.RequestHeader"/>.</summary>
public interface IServiceRequest : IEncodeable
{
    /// <summary>The header.</summary>
    RequestHeader RequestHeader { get; set; }
}

/// <summary>A service response: a structure that starts with a <see cref="Messages.ResponseHeader"/>.</summary>
public interface IServiceResponse : IEncodeable
{
    /// <summary>The header.</summary>
    ResponseHeader ResponseHeader { get; set; }
}

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

/// <summary>Base of request messages.</summary>
public abstract class ServiceRequest : IServiceRequest
{
    /// <inheritdoc/>
    public RequestHeader RequestHeader { get; set; } = new();

    /// <inheritdoc/>
    public abstract uint BinaryEncodingId { get; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        RequestHeader.Encode(writer);
        EncodeBody(writer);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        RequestHeader.DecodeFields(ref reader);
        DecodeBody(ref reader);
    }

    /// <summary>Fields after the header.</summary>
    protected abstract void EncodeBody(UaBinaryWriter w);

    /// <summary>Fields after the header.</summary>
    protected abstract void DecodeBody(ref UaBinaryReader r);
}

/// <summary>Base of response messages.</summary>
public abstract class ServiceResponse : IServiceResponse
{
    /// <inheritdoc/>
    public ResponseHeader ResponseHeader { get; set; } = new();

    /// <inheritdoc/>
    public abstract uint BinaryEncodingId { get; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ResponseHeader.Encode(writer);
        EncodeBody(writer);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ResponseHeader.DecodeFields(ref reader);
        DecodeBody(ref reader);
    }

    /// <summary>Fields after the header.</summary>
    protected abstract void EncodeBody(UaBinaryWriter w);

    /// <summary>Fields after the header.</summary>
    protected abstract void DecodeBody(ref UaBinaryReader r);
}

/// <summary>The response any request may get instead of its own (id 397).</summary>
public sealed class ServiceFault : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 397;

    /// <summary>A fault answering <paramref name="request"/> with <paramref name="status"/>.</summary>
    public static ServiceFault For(RequestHeader? request, uint status) => new() { ResponseHeader = ResponseHeader.For(request, status) };

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w) { }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r) { }
}
