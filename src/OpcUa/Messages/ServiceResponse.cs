using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

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
