// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Get Endpoints Request (OPC 10000-4/-6).</summary>
public sealed class GetEndpointsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 428;

    /// <summary>Endpoint Url.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>Locale Ids.</summary>
    public string?[]? LocaleIds { get; set; }

    /// <summary>Profile Uris.</summary>
    public string?[]? ProfileUris { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteString(EndpointUrl);
        w.WriteArray(LocaleIds, static (x, v) => x.WriteString(v));
        w.WriteArray(ProfileUris, static (x, v) => x.WriteString(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        EndpointUrl = r.ReadString();
        LocaleIds = r.ReadArray("LocaleIds", static (ref UaBinaryReader x) => x.ReadString(), LocaleIds);
        ProfileUris = r.ReadArray("ProfileUris", static (ref UaBinaryReader x) => x.ReadString(), ProfileUris);
    }
}
