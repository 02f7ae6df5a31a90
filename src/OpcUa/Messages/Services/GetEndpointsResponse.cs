// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Get Endpoints Response (OPC 10000-4/-6).</summary>
public sealed class GetEndpointsResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 431;

    /// <summary>Endpoints.</summary>
    public EndpointDescription[]? Endpoints { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(Endpoints);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Endpoints = r.ReadStructureArray<EndpointDescription>("Endpoints", Endpoints);
    }
}
