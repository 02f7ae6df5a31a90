using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

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
