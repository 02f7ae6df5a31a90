using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

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
