// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Publish Request (OPC 10000-4/-6).</summary>
public sealed class PublishRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 826;

    /// <summary>Subscription Acknowledgements.</summary>
    public SubscriptionAcknowledgement[]? SubscriptionAcknowledgements { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(SubscriptionAcknowledgements);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionAcknowledgements = r.ReadStructureArray<SubscriptionAcknowledgement>("SubscriptionAcknowledgements", SubscriptionAcknowledgements);
    }
}
