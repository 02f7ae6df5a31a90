// Structure layouts, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Describes an application (OPC 10000-4/-6).</summary>
public sealed class ApplicationDescription : IUaStructure
{
    /// <summary>Application Uri.</summary>
    public string? ApplicationUri { get; set; }

    /// <summary>Product Uri.</summary>
    public string? ProductUri { get; set; }

    /// <summary>Application Name.</summary>
    public LocalizedText ApplicationName { get; set; }

    /// <summary>Application Type.</summary>
    public ApplicationType ApplicationType { get; set; }

    /// <summary>Gateway Server Uri.</summary>
    public string? GatewayServerUri { get; set; }

    /// <summary>Discovery Profile Uri.</summary>
    public string? DiscoveryProfileUri { get; set; }

    /// <summary>Discovery Urls.</summary>
    public string?[]? DiscoveryUrls { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(ApplicationUri);
        w.WriteString(ProductUri);
        w.WriteLocalizedText(ApplicationName);
        w.WriteInt32((int)ApplicationType);
        w.WriteString(GatewayServerUri);
        w.WriteString(DiscoveryProfileUri);
        w.WriteArray(DiscoveryUrls, static (x, v) => x.WriteString(v));
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ApplicationUri = r.ReadString();
        ProductUri = r.ReadString();
        ApplicationName = r.ReadLocalizedText();
        ApplicationType = (ApplicationType)r.ReadInt32();
        GatewayServerUri = r.ReadString();
        DiscoveryProfileUri = r.ReadString();
        DiscoveryUrls = r.ReadArray("DiscoveryUrls", static (ref UaBinaryReader x) => x.ReadString(), DiscoveryUrls);
    }
}

/// <summary>A kind of user identity an endpoint accepts (OPC 10000-4/-6).</summary>
public sealed class UserTokenPolicy : IUaStructure
{
    /// <summary>Policy Id.</summary>
    public string? PolicyId { get; set; }

    /// <summary>Token Type.</summary>
    public UserTokenType TokenType { get; set; }

    /// <summary>Issued Token Type.</summary>
    public string? IssuedTokenType { get; set; }

    /// <summary>Issuer Endpoint Url.</summary>
    public string? IssuerEndpointUrl { get; set; }

    /// <summary>Security Policy Uri.</summary>
    public string? SecurityPolicyUri { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(PolicyId);
        w.WriteInt32((int)TokenType);
        w.WriteString(IssuedTokenType);
        w.WriteString(IssuerEndpointUrl);
        w.WriteString(SecurityPolicyUri);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        PolicyId = r.ReadString();
        TokenType = (UserTokenType)r.ReadInt32();
        IssuedTokenType = r.ReadString();
        IssuerEndpointUrl = r.ReadString();
        SecurityPolicyUri = r.ReadString();
    }
}

/// <summary>An endpoint of a server (OPC 10000-4/-6).</summary>
public sealed class EndpointDescription : IUaStructure
{
    /// <summary>Endpoint Url.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>Server.</summary>
    public ApplicationDescription Server { get; set; } = new();

    /// <summary>Server Certificate.</summary>
    public byte[]? ServerCertificate { get; set; }

    /// <summary>Security Mode.</summary>
    public MessageSecurityMode SecurityMode { get; set; }

    /// <summary>Security Policy Uri.</summary>
    public string? SecurityPolicyUri { get; set; }

    /// <summary>User Identity Tokens.</summary>
    public UserTokenPolicy[]? UserIdentityTokens { get; set; }

    /// <summary>Transport Profile Uri.</summary>
    public string? TransportProfileUri { get; set; }

    /// <summary>Security Level.</summary>
    public byte SecurityLevel { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(EndpointUrl);
        w.WriteStructure(Server);
        w.WriteByteString(ServerCertificate);
        w.WriteInt32((int)SecurityMode);
        w.WriteString(SecurityPolicyUri);
        w.WriteStructureArray(UserIdentityTokens);
        w.WriteString(TransportProfileUri);
        w.WriteByte(SecurityLevel);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        EndpointUrl = r.ReadString();
        r.ReadStructureInto(Server);
        ServerCertificate = r.ReadByteString();
        SecurityMode = (MessageSecurityMode)r.ReadInt32();
        SecurityPolicyUri = r.ReadString();
        UserIdentityTokens = r.ReadStructureArray<UserTokenPolicy>("UserIdentityTokens", UserIdentityTokens);
        TransportProfileUri = r.ReadString();
        SecurityLevel = r.ReadByte();
    }
}

/// <summary>A signature and its algorithm (OPC 10000-4/-6).</summary>
public sealed class SignatureData : IUaStructure
{
    /// <summary>Algorithm.</summary>
    public string? Algorithm { get; set; }

    /// <summary>Signature.</summary>
    public byte[]? Signature { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(Algorithm);
        w.WriteByteString(Signature);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Algorithm = r.ReadString();
        Signature = r.ReadByteString();
    }
}

/// <summary>A software certificate (OPC 10000-4/-6).</summary>
public sealed class SignedSoftwareCertificate : IUaStructure
{
    /// <summary>Certificate Data.</summary>
    public byte[]? CertificateData { get; set; }

    /// <summary>Signature.</summary>
    public byte[]? Signature { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteByteString(CertificateData);
        w.WriteByteString(Signature);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        CertificateData = r.ReadByteString();
        Signature = r.ReadByteString();
    }
}

/// <summary>The token of a secure channel (OPC 10000-4/-6).</summary>
public sealed class ChannelSecurityToken : IUaStructure
{
    /// <summary>Channel Id.</summary>
    public uint ChannelId { get; set; }

    /// <summary>Token Id.</summary>
    public uint TokenId { get; set; }

    /// <summary>Created At.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Revised Lifetime.</summary>
    public uint RevisedLifetime { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(ChannelId);
        w.WriteUInt32(TokenId);
        w.WriteDateTime(CreatedAt);
        w.WriteUInt32(RevisedLifetime);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ChannelId = r.ReadUInt32();
        TokenId = r.ReadUInt32();
        CreatedAt = r.ReadDateTime();
        RevisedLifetime = r.ReadUInt32();
    }
}

/// <summary>What to read (OPC 10000-4/-6).</summary>
public sealed class ReadValueId : IUaStructure
{
    /// <summary>Node Id.</summary>
    public NodeId NodeId { get; set; }

    /// <summary>Attribute Id.</summary>
    public uint AttributeId { get; set; }

    /// <summary>Index Range.</summary>
    public string? IndexRange { get; set; }

    /// <summary>Data Encoding.</summary>
    public QualifiedName DataEncoding { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(NodeId);
        w.WriteUInt32(AttributeId);
        w.WriteString(IndexRange);
        w.WriteQualifiedName(DataEncoding);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        NodeId = r.ReadNodeId();
        AttributeId = r.ReadUInt32();
        IndexRange = r.ReadString();
        DataEncoding = r.ReadQualifiedName();
    }
}

/// <summary>What to write (OPC 10000-4/-6).</summary>
public sealed class WriteValue : IUaStructure
{
    /// <summary>Node Id.</summary>
    public NodeId NodeId { get; set; }

    /// <summary>Attribute Id.</summary>
    public uint AttributeId { get; set; }

    /// <summary>Index Range.</summary>
    public string? IndexRange { get; set; }

    /// <summary>Value.</summary>
    public DataValue Value { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(NodeId);
        w.WriteUInt32(AttributeId);
        w.WriteString(IndexRange);
        w.WriteDataValue(Value);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        NodeId = r.ReadNodeId();
        AttributeId = r.ReadUInt32();
        IndexRange = r.ReadString();
        Value = r.ReadDataValue();
    }
}

/// <summary>The view to browse (OPC 10000-4/-6).</summary>
public sealed class ViewDescription : IUaStructure
{
    /// <summary>View Id.</summary>
    public NodeId ViewId { get; set; }

    /// <summary>Timestamp.</summary>
    public DateTime Timestamp { get; set; }

    /// <summary>View Version.</summary>
    public uint ViewVersion { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(ViewId);
        w.WriteDateTime(Timestamp);
        w.WriteUInt32(ViewVersion);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ViewId = r.ReadNodeId();
        Timestamp = r.ReadDateTime();
        ViewVersion = r.ReadUInt32();
    }
}

/// <summary>A node to browse and the references to follow (OPC 10000-4/-6).</summary>
public sealed class BrowseDescription : IUaStructure
{
    /// <summary>Node Id.</summary>
    public NodeId NodeId { get; set; }

    /// <summary>Browse Direction.</summary>
    public BrowseDirection BrowseDirection { get; set; }

    /// <summary>Reference Type Id.</summary>
    public NodeId ReferenceTypeId { get; set; }

    /// <summary>Include Subtypes.</summary>
    public bool IncludeSubtypes { get; set; }

    /// <summary>Node Class Mask.</summary>
    public uint NodeClassMask { get; set; }

    /// <summary>Result Mask.</summary>
    public uint ResultMask { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(NodeId);
        w.WriteInt32((int)BrowseDirection);
        w.WriteNodeId(ReferenceTypeId);
        w.WriteBoolean(IncludeSubtypes);
        w.WriteUInt32(NodeClassMask);
        w.WriteUInt32(ResultMask);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        NodeId = r.ReadNodeId();
        BrowseDirection = (BrowseDirection)r.ReadInt32();
        ReferenceTypeId = r.ReadNodeId();
        IncludeSubtypes = r.ReadBoolean();
        NodeClassMask = r.ReadUInt32();
        ResultMask = r.ReadUInt32();
    }
}

/// <summary>One reference found by Browse (OPC 10000-4/-6).</summary>
public sealed class ReferenceDescription : IUaStructure
{
    /// <summary>Reference Type Id.</summary>
    public NodeId ReferenceTypeId { get; set; }

    /// <summary>Is Forward.</summary>
    public bool IsForward { get; set; }

    /// <summary>Node Id.</summary>
    public ExpandedNodeId NodeId { get; set; }

    /// <summary>Browse Name.</summary>
    public QualifiedName BrowseName { get; set; }

    /// <summary>Display Name.</summary>
    public LocalizedText DisplayName { get; set; }

    /// <summary>Node Class.</summary>
    public NodeClass NodeClass { get; set; }

    /// <summary>Type Definition.</summary>
    public ExpandedNodeId TypeDefinition { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(ReferenceTypeId);
        w.WriteBoolean(IsForward);
        w.WriteExpandedNodeId(NodeId);
        w.WriteQualifiedName(BrowseName);
        w.WriteLocalizedText(DisplayName);
        w.WriteInt32((int)NodeClass);
        w.WriteExpandedNodeId(TypeDefinition);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ReferenceTypeId = r.ReadNodeId();
        IsForward = r.ReadBoolean();
        NodeId = r.ReadExpandedNodeId();
        BrowseName = r.ReadQualifiedName();
        DisplayName = r.ReadLocalizedText();
        NodeClass = (NodeClass)r.ReadInt32();
        TypeDefinition = r.ReadExpandedNodeId();
    }
}

/// <summary>The references of one browsed node (OPC 10000-4/-6).</summary>
public sealed class BrowseResult : IUaStructure
{
    /// <summary>Status Code.</summary>
    public uint StatusCode { get; set; }

    /// <summary>Continuation Point.</summary>
    public byte[]? ContinuationPoint { get; set; }

    /// <summary>References.</summary>
    public ReferenceDescription[]? References { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(StatusCode);
        w.WriteByteString(ContinuationPoint);
        w.WriteStructureArray(References);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StatusCode = r.ReadStatusCode();
        ContinuationPoint = r.ReadByteString();
        References = r.ReadStructureArray<ReferenceDescription>("References", References);
    }
}

/// <summary>One step of a browse path (OPC 10000-4/-6).</summary>
public sealed class RelativePathElement : IUaStructure
{
    /// <summary>Reference Type Id.</summary>
    public NodeId ReferenceTypeId { get; set; }

    /// <summary>Is Inverse.</summary>
    public bool IsInverse { get; set; }

    /// <summary>Include Subtypes.</summary>
    public bool IncludeSubtypes { get; set; }

    /// <summary>Target Name.</summary>
    public QualifiedName TargetName { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(ReferenceTypeId);
        w.WriteBoolean(IsInverse);
        w.WriteBoolean(IncludeSubtypes);
        w.WriteQualifiedName(TargetName);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ReferenceTypeId = r.ReadNodeId();
        IsInverse = r.ReadBoolean();
        IncludeSubtypes = r.ReadBoolean();
        TargetName = r.ReadQualifiedName();
    }
}

/// <summary>A path of browse names (OPC 10000-4/-6).</summary>
public sealed class RelativePath : IUaStructure
{
    /// <summary>Elements.</summary>
    public RelativePathElement[]? Elements { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStructureArray(Elements);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Elements = r.ReadStructureArray<RelativePathElement>("Elements", Elements);
    }
}

/// <summary>A starting node and a relative path (OPC 10000-4/-6).</summary>
public sealed class BrowsePath : IUaStructure
{
    /// <summary>Starting Node.</summary>
    public NodeId StartingNode { get; set; }

    /// <summary>Relative Path.</summary>
    public RelativePath RelativePath { get; set; } = new();

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(StartingNode);
        w.WriteStructure(RelativePath);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StartingNode = r.ReadNodeId();
        r.ReadStructureInto(RelativePath);
    }
}

/// <summary>A node a browse path leads to (OPC 10000-4/-6).</summary>
public sealed class BrowsePathTarget : IUaStructure
{
    /// <summary>Target Id.</summary>
    public ExpandedNodeId TargetId { get; set; }

    /// <summary>Remaining Path Index.</summary>
    public uint RemainingPathIndex { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteExpandedNodeId(TargetId);
        w.WriteUInt32(RemainingPathIndex);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        TargetId = r.ReadExpandedNodeId();
        RemainingPathIndex = r.ReadUInt32();
    }
}

/// <summary>The targets of one browse path (OPC 10000-4/-6).</summary>
public sealed class BrowsePathResult : IUaStructure
{
    /// <summary>Status Code.</summary>
    public uint StatusCode { get; set; }

    /// <summary>Targets.</summary>
    public BrowsePathTarget[]? Targets { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(StatusCode);
        w.WriteStructureArray(Targets);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StatusCode = r.ReadStatusCode();
        Targets = r.ReadStructureArray<BrowsePathTarget>("Targets", Targets);
    }
}

/// <summary>Sampling and queueing of a monitored item (OPC 10000-4/-6).</summary>
public sealed class MonitoringParameters : IUaStructure
{
    /// <summary>Client Handle.</summary>
    public uint ClientHandle { get; set; }

    /// <summary>Sampling Interval.</summary>
    public double SamplingInterval { get; set; }

    /// <summary>Filter.</summary>
    public ExtensionObject Filter { get; set; }

    /// <summary>Queue Size.</summary>
    public uint QueueSize { get; set; }

    /// <summary>Discard Oldest.</summary>
    public bool DiscardOldest { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(ClientHandle);
        w.WriteDouble(SamplingInterval);
        w.WriteExtensionObject(Filter);
        w.WriteUInt32(QueueSize);
        w.WriteBoolean(DiscardOldest);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ClientHandle = r.ReadUInt32();
        SamplingInterval = r.ReadDouble();
        Filter = r.ReadExtensionObject();
        QueueSize = r.ReadUInt32();
        DiscardOldest = r.ReadBoolean();
    }
}

/// <summary>A monitored item to create (OPC 10000-4/-6).</summary>
public sealed class MonitoredItemCreateRequest : IUaStructure
{
    /// <summary>Item To Monitor.</summary>
    public ReadValueId ItemToMonitor { get; set; } = new();

    /// <summary>Monitoring Mode.</summary>
    public MonitoringMode MonitoringMode { get; set; }

    /// <summary>Requested Parameters.</summary>
    public MonitoringParameters RequestedParameters { get; set; } = new();

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStructure(ItemToMonitor);
        w.WriteInt32((int)MonitoringMode);
        w.WriteStructure(RequestedParameters);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        r.ReadStructureInto(ItemToMonitor);
        MonitoringMode = (MonitoringMode)r.ReadInt32();
        r.ReadStructureInto(RequestedParameters);
    }
}

/// <summary>Result of creating one monitored item (OPC 10000-4/-6).</summary>
public sealed class MonitoredItemCreateResult : IUaStructure
{
    /// <summary>Status Code.</summary>
    public uint StatusCode { get; set; }

    /// <summary>Monitored Item Id.</summary>
    public uint MonitoredItemId { get; set; }

    /// <summary>Revised Sampling Interval.</summary>
    public double RevisedSamplingInterval { get; set; }

    /// <summary>Revised Queue Size.</summary>
    public uint RevisedQueueSize { get; set; }

    /// <summary>Filter Result.</summary>
    public ExtensionObject FilterResult { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(StatusCode);
        w.WriteUInt32(MonitoredItemId);
        w.WriteDouble(RevisedSamplingInterval);
        w.WriteUInt32(RevisedQueueSize);
        w.WriteExtensionObject(FilterResult);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        StatusCode = r.ReadStatusCode();
        MonitoredItemId = r.ReadUInt32();
        RevisedSamplingInterval = r.ReadDouble();
        RevisedQueueSize = r.ReadUInt32();
        FilterResult = r.ReadExtensionObject();
    }
}

/// <summary>Acknowledges one notification message (OPC 10000-4/-6).</summary>
public sealed class SubscriptionAcknowledgement : IUaStructure
{
    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Sequence Number.</summary>
    public uint SequenceNumber { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(SubscriptionId);
        w.WriteUInt32(SequenceNumber);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        SubscriptionId = r.ReadUInt32();
        SequenceNumber = r.ReadUInt32();
    }
}

/// <summary>Notifications of one publishing cycle (OPC 10000-4/-6).</summary>
public sealed class NotificationMessage : IUaStructure
{
    /// <summary>Sequence Number.</summary>
    public uint SequenceNumber { get; set; }

    /// <summary>Publish Time.</summary>
    public DateTime PublishTime { get; set; }

    /// <summary>Notification Data.</summary>
    public ExtensionObject[]? NotificationData { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(SequenceNumber);
        w.WriteDateTime(PublishTime);
        w.WriteArray(NotificationData, static (x, v) => x.WriteExtensionObject(v));
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        SequenceNumber = r.ReadUInt32();
        PublishTime = r.ReadDateTime();
        NotificationData = r.ReadArray("NotificationData", static (ref UaBinaryReader x) => x.ReadExtensionObject(), NotificationData);
    }
}

/// <summary>One value change (OPC 10000-4/-6).</summary>
public sealed class MonitoredItemNotification : IUaStructure
{
    /// <summary>Client Handle.</summary>
    public uint ClientHandle { get; set; }

    /// <summary>Value.</summary>
    public DataValue Value { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteUInt32(ClientHandle);
        w.WriteDataValue(Value);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ClientHandle = r.ReadUInt32();
        Value = r.ReadDataValue();
    }
}

/// <summary>A set of value changes (OPC 10000-4/-6).</summary>
public sealed class DataChangeNotification : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 811;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Monitored Items.</summary>
    public MonitoredItemNotification[]? MonitoredItems { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStructureArray(MonitoredItems);
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        MonitoredItems = r.ReadStructureArray<MonitoredItemNotification>("MonitoredItems", MonitoredItems);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>A change of subscription status (OPC 10000-4/-6).</summary>
public sealed class StatusChangeNotification : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 820;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Status.</summary>
    public uint Status { get; set; }

    /// <summary>Diagnostic Info.</summary>
    public DiagnosticInfo? DiagnosticInfo { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteStatusCode(Status);
        w.WriteDiagnosticInfo(DiagnosticInfo);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Status = r.ReadStatusCode();
        DiagnosticInfo = r.ReadDiagnosticInfo();
    }
}

/// <summary>When a value change is reported (OPC 10000-4/-6).</summary>
public sealed class DataChangeFilter : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 724;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Trigger.</summary>
    public DataChangeTrigger Trigger { get; set; }

    /// <summary>Deadband Type.</summary>
    public uint DeadbandType { get; set; }

    /// <summary>Deadband Value.</summary>
    public double DeadbandValue { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteInt32((int)Trigger);
        w.WriteUInt32(DeadbandType);
        w.WriteDouble(DeadbandValue);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        Trigger = (DataChangeTrigger)r.ReadInt32();
        DeadbandType = r.ReadUInt32();
        DeadbandValue = r.ReadDouble();
    }
}

/// <summary>The anonymous user identity (OPC 10000-4/-6).</summary>
public sealed class AnonymousIdentityToken : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 321;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Policy Id.</summary>
    public string? PolicyId { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(PolicyId);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        PolicyId = r.ReadString();
    }
}

/// <summary>A user name and password identity (OPC 10000-4/-6).</summary>
public sealed class UserNameIdentityToken : IEncodeable
{
    /// <summary>Binary encoding id.</summary>
    public const uint EncodingId = 324;

    /// <inheritdoc/>
    public uint BinaryEncodingId => EncodingId;

    /// <summary>Policy Id.</summary>
    public string? PolicyId { get; set; }

    /// <summary>User Name.</summary>
    public string? UserName { get; set; }

    /// <summary>Password.</summary>
    public byte[]? Password { get; set; }

    /// <summary>Encryption Algorithm.</summary>
    public string? EncryptionAlgorithm { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteString(PolicyId);
        w.WriteString(UserName);
        w.WriteByteString(Password);
        w.WriteString(EncryptionAlgorithm);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        PolicyId = r.ReadString();
        UserName = r.ReadString();
        Password = r.ReadByteString();
        EncryptionAlgorithm = r.ReadString();
    }
}
