// Structure layouts, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Open Secure Channel Request (OPC 10000-4/-6).</summary>
public sealed class OpenSecureChannelRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 446;

    /// <summary>Client Protocol Version.</summary>
    public uint ClientProtocolVersion { get; set; }

    /// <summary>Request Type.</summary>
    public SecurityTokenRequestType RequestType { get; set; }

    /// <summary>Security Mode.</summary>
    public MessageSecurityMode SecurityMode { get; set; }

    /// <summary>Client Nonce.</summary>
    public byte[]? ClientNonce { get; set; }

    /// <summary>Requested Lifetime.</summary>
    public uint RequestedLifetime { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(ClientProtocolVersion);
        w.WriteInt32((int)RequestType);
        w.WriteInt32((int)SecurityMode);
        w.WriteByteString(ClientNonce);
        w.WriteUInt32(RequestedLifetime);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ClientProtocolVersion = r.ReadUInt32();
        RequestType = (SecurityTokenRequestType)r.ReadInt32();
        SecurityMode = (MessageSecurityMode)r.ReadInt32();
        ClientNonce = r.ReadByteString();
        RequestedLifetime = r.ReadUInt32();
    }
}

/// <summary>Open Secure Channel Response (OPC 10000-4/-6).</summary>
public sealed class OpenSecureChannelResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 449;

    /// <summary>Server Protocol Version.</summary>
    public uint ServerProtocolVersion { get; set; }

    /// <summary>Security Token.</summary>
    public ChannelSecurityToken SecurityToken { get; set; } = new();

    /// <summary>Server Nonce.</summary>
    public byte[]? ServerNonce { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(ServerProtocolVersion);
        w.WriteStructure(SecurityToken);
        w.WriteByteString(ServerNonce);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ServerProtocolVersion = r.ReadUInt32();
        r.ReadStructureInto(SecurityToken);
        ServerNonce = r.ReadByteString();
    }
}

/// <summary>Close Secure Channel Request (OPC 10000-4/-6).</summary>
public sealed class CloseSecureChannelRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 452;

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
    }
}

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

/// <summary>Create Session Request (OPC 10000-4/-6).</summary>
public sealed class CreateSessionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 461;

    /// <summary>Client Description.</summary>
    public ApplicationDescription ClientDescription { get; set; } = new();

    /// <summary>Server Uri.</summary>
    public string? ServerUri { get; set; }

    /// <summary>Endpoint Url.</summary>
    public string? EndpointUrl { get; set; }

    /// <summary>Session Name.</summary>
    public string? SessionName { get; set; }

    /// <summary>Client Nonce.</summary>
    public byte[]? ClientNonce { get; set; }

    /// <summary>Client Certificate.</summary>
    public byte[]? ClientCertificate { get; set; }

    /// <summary>Requested Session Timeout.</summary>
    public double RequestedSessionTimeout { get; set; }

    /// <summary>Max Response Message Size.</summary>
    public uint MaxResponseMessageSize { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(ClientDescription);
        w.WriteString(ServerUri);
        w.WriteString(EndpointUrl);
        w.WriteString(SessionName);
        w.WriteByteString(ClientNonce);
        w.WriteByteString(ClientCertificate);
        w.WriteDouble(RequestedSessionTimeout);
        w.WriteUInt32(MaxResponseMessageSize);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(ClientDescription);
        ServerUri = r.ReadString();
        EndpointUrl = r.ReadString();
        SessionName = r.ReadString();
        ClientNonce = r.ReadByteString();
        ClientCertificate = r.ReadByteString();
        RequestedSessionTimeout = r.ReadDouble();
        MaxResponseMessageSize = r.ReadUInt32();
    }
}

/// <summary>Create Session Response (OPC 10000-4/-6).</summary>
public sealed class CreateSessionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 464;

    /// <summary>Session Id.</summary>
    public NodeId SessionId { get; set; }

    /// <summary>Authentication Token.</summary>
    public NodeId AuthenticationToken { get; set; }

    /// <summary>Revised Session Timeout.</summary>
    public double RevisedSessionTimeout { get; set; }

    /// <summary>Server Nonce.</summary>
    public byte[]? ServerNonce { get; set; }

    /// <summary>Server Certificate.</summary>
    public byte[]? ServerCertificate { get; set; }

    /// <summary>Server Endpoints.</summary>
    public EndpointDescription[]? ServerEndpoints { get; set; }

    /// <summary>Server Software Certificates.</summary>
    public SignedSoftwareCertificate[]? ServerSoftwareCertificates { get; set; }

    /// <summary>Server Signature.</summary>
    public SignatureData ServerSignature { get; set; } = new();

    /// <summary>Max Request Message Size.</summary>
    public uint MaxRequestMessageSize { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteNodeId(SessionId);
        w.WriteNodeId(AuthenticationToken);
        w.WriteDouble(RevisedSessionTimeout);
        w.WriteByteString(ServerNonce);
        w.WriteByteString(ServerCertificate);
        w.WriteStructureArray(ServerEndpoints);
        w.WriteStructureArray(ServerSoftwareCertificates);
        w.WriteStructure(ServerSignature);
        w.WriteUInt32(MaxRequestMessageSize);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SessionId = r.ReadNodeId();
        AuthenticationToken = r.ReadNodeId();
        RevisedSessionTimeout = r.ReadDouble();
        ServerNonce = r.ReadByteString();
        ServerCertificate = r.ReadByteString();
        ServerEndpoints = r.ReadStructureArray<EndpointDescription>("ServerEndpoints", ServerEndpoints);
        ServerSoftwareCertificates = r.ReadStructureArray<SignedSoftwareCertificate>("ServerSoftwareCertificates", ServerSoftwareCertificates);
        r.ReadStructureInto(ServerSignature);
        MaxRequestMessageSize = r.ReadUInt32();
    }
}

/// <summary>Activate Session Request (OPC 10000-4/-6).</summary>
public sealed class ActivateSessionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 467;

    /// <summary>Client Signature.</summary>
    public SignatureData ClientSignature { get; set; } = new();

    /// <summary>Client Software Certificates.</summary>
    public SignedSoftwareCertificate[]? ClientSoftwareCertificates { get; set; }

    /// <summary>Locale Ids.</summary>
    public string?[]? LocaleIds { get; set; }

    /// <summary>User Identity Token.</summary>
    public ExtensionObject UserIdentityToken { get; set; }

    /// <summary>User Token Signature.</summary>
    public SignatureData UserTokenSignature { get; set; } = new();

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(ClientSignature);
        w.WriteStructureArray(ClientSoftwareCertificates);
        w.WriteArray(LocaleIds, static (x, v) => x.WriteString(v));
        w.WriteExtensionObject(UserIdentityToken);
        w.WriteStructure(UserTokenSignature);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(ClientSignature);
        ClientSoftwareCertificates = r.ReadStructureArray<SignedSoftwareCertificate>("ClientSoftwareCertificates", ClientSoftwareCertificates);
        LocaleIds = r.ReadArray("LocaleIds", static (ref UaBinaryReader x) => x.ReadString(), LocaleIds);
        UserIdentityToken = r.ReadExtensionObject();
        r.ReadStructureInto(UserTokenSignature);
    }
}

/// <summary>Activate Session Response (OPC 10000-4/-6).</summary>
public sealed class ActivateSessionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 470;

    /// <summary>Server Nonce.</summary>
    public byte[]? ServerNonce { get; set; }

    /// <summary>Results.</summary>
    public uint[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteByteString(ServerNonce);
        w.WriteArray(Results, static (x, v) => x.WriteStatusCode(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ServerNonce = r.ReadByteString();
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadStatusCode(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Close Session Request (OPC 10000-4/-6).</summary>
public sealed class CloseSessionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 473;

    /// <summary>Delete Subscriptions.</summary>
    public bool DeleteSubscriptions { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteBoolean(DeleteSubscriptions);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        DeleteSubscriptions = r.ReadBoolean();
    }
}

/// <summary>Close Session Response (OPC 10000-4/-6).</summary>
public sealed class CloseSessionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 476;

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
    }
}

/// <summary>Read Request (OPC 10000-4/-6).</summary>
public sealed class ReadRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 631;

    /// <summary>Max Age.</summary>
    public double MaxAge { get; set; }

    /// <summary>Timestamps To Return.</summary>
    public TimestampsToReturn TimestampsToReturn { get; set; }

    /// <summary>Nodes To Read.</summary>
    public ReadValueId[]? NodesToRead { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteDouble(MaxAge);
        w.WriteInt32((int)TimestampsToReturn);
        w.WriteStructureArray(NodesToRead);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        MaxAge = r.ReadDouble();
        TimestampsToReturn = (TimestampsToReturn)r.ReadInt32();
        NodesToRead = r.ReadStructureArray<ReadValueId>("NodesToRead", NodesToRead);
    }
}

/// <summary>Read Response (OPC 10000-4/-6).</summary>
public sealed class ReadResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 634;

    /// <summary>Results.</summary>
    public DataValue[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteArray(Results, static (x, v) => x.WriteDataValue(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadDataValue(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Write Request (OPC 10000-4/-6).</summary>
public sealed class WriteRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 673;

    /// <summary>Nodes To Write.</summary>
    public WriteValue[]? NodesToWrite { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(NodesToWrite);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        NodesToWrite = r.ReadStructureArray<WriteValue>("NodesToWrite", NodesToWrite);
    }
}

/// <summary>Write Response (OPC 10000-4/-6).</summary>
public sealed class WriteResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 676;

    /// <summary>Results.</summary>
    public uint[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteArray(Results, static (x, v) => x.WriteStatusCode(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadStatusCode(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Browse Request (OPC 10000-4/-6).</summary>
public sealed class BrowseRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 527;

    /// <summary>View.</summary>
    public ViewDescription View { get; set; } = new();

    /// <summary>Requested Max References Per Node.</summary>
    public uint RequestedMaxReferencesPerNode { get; set; }

    /// <summary>Nodes To Browse.</summary>
    public BrowseDescription[]? NodesToBrowse { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(View);
        w.WriteUInt32(RequestedMaxReferencesPerNode);
        w.WriteStructureArray(NodesToBrowse);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(View);
        RequestedMaxReferencesPerNode = r.ReadUInt32();
        NodesToBrowse = r.ReadStructureArray<BrowseDescription>("NodesToBrowse", NodesToBrowse);
    }
}

/// <summary>Browse Response (OPC 10000-4/-6).</summary>
public sealed class BrowseResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 530;

    /// <summary>Results.</summary>
    public BrowseResult[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(Results);
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadStructureArray<BrowseResult>("Results", Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Browse Next Request (OPC 10000-4/-6).</summary>
public sealed class BrowseNextRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 533;

    /// <summary>Release Continuation Points.</summary>
    public bool ReleaseContinuationPoints { get; set; }

    /// <summary>Continuation Points.</summary>
    public byte[]?[]? ContinuationPoints { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteBoolean(ReleaseContinuationPoints);
        w.WriteArray(ContinuationPoints, static (x, v) => x.WriteByteString(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        ReleaseContinuationPoints = r.ReadBoolean();
        ContinuationPoints = r.ReadArray("ContinuationPoints", static (ref UaBinaryReader x) => x.ReadByteString(), ContinuationPoints);
    }
}

/// <summary>Browse Next Response (OPC 10000-4/-6).</summary>
public sealed class BrowseNextResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 536;

    /// <summary>Results.</summary>
    public BrowseResult[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(Results);
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadStructureArray<BrowseResult>("Results", Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Translate Browse Paths To Node Ids Request (OPC 10000-4/-6).</summary>
public sealed class TranslateBrowsePathsToNodeIdsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 554;

    /// <summary>Browse Paths.</summary>
    public BrowsePath[]? BrowsePaths { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(BrowsePaths);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        BrowsePaths = r.ReadStructureArray<BrowsePath>("BrowsePaths", BrowsePaths);
    }
}

/// <summary>Translate Browse Paths To Node Ids Response (OPC 10000-4/-6).</summary>
public sealed class TranslateBrowsePathsToNodeIdsResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 557;

    /// <summary>Results.</summary>
    public BrowsePathResult[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(Results);
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadStructureArray<BrowsePathResult>("Results", Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Create Subscription Request (OPC 10000-4/-6).</summary>
public sealed class CreateSubscriptionRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 787;

    /// <summary>Requested Publishing Interval.</summary>
    public double RequestedPublishingInterval { get; set; }

    /// <summary>Requested Lifetime Count.</summary>
    public uint RequestedLifetimeCount { get; set; }

    /// <summary>Requested Max Keep Alive Count.</summary>
    public uint RequestedMaxKeepAliveCount { get; set; }

    /// <summary>Max Notifications Per Publish.</summary>
    public uint MaxNotificationsPerPublish { get; set; }

    /// <summary>Publishing Enabled.</summary>
    public bool PublishingEnabled { get; set; }

    /// <summary>Priority.</summary>
    public byte Priority { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteDouble(RequestedPublishingInterval);
        w.WriteUInt32(RequestedLifetimeCount);
        w.WriteUInt32(RequestedMaxKeepAliveCount);
        w.WriteUInt32(MaxNotificationsPerPublish);
        w.WriteBoolean(PublishingEnabled);
        w.WriteByte(Priority);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        RequestedPublishingInterval = r.ReadDouble();
        RequestedLifetimeCount = r.ReadUInt32();
        RequestedMaxKeepAliveCount = r.ReadUInt32();
        MaxNotificationsPerPublish = r.ReadUInt32();
        PublishingEnabled = r.ReadBoolean();
        Priority = r.ReadByte();
    }
}

/// <summary>Create Subscription Response (OPC 10000-4/-6).</summary>
public sealed class CreateSubscriptionResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 790;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Revised Publishing Interval.</summary>
    public double RevisedPublishingInterval { get; set; }

    /// <summary>Revised Lifetime Count.</summary>
    public uint RevisedLifetimeCount { get; set; }

    /// <summary>Revised Max Keep Alive Count.</summary>
    public uint RevisedMaxKeepAliveCount { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteDouble(RevisedPublishingInterval);
        w.WriteUInt32(RevisedLifetimeCount);
        w.WriteUInt32(RevisedMaxKeepAliveCount);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        RevisedPublishingInterval = r.ReadDouble();
        RevisedLifetimeCount = r.ReadUInt32();
        RevisedMaxKeepAliveCount = r.ReadUInt32();
    }
}

/// <summary>Create Monitored Items Request (OPC 10000-4/-6).</summary>
public sealed class CreateMonitoredItemsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 751;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Timestamps To Return.</summary>
    public TimestampsToReturn TimestampsToReturn { get; set; }

    /// <summary>Items To Create.</summary>
    public MonitoredItemCreateRequest[]? ItemsToCreate { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteInt32((int)TimestampsToReturn);
        w.WriteStructureArray(ItemsToCreate);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        TimestampsToReturn = (TimestampsToReturn)r.ReadInt32();
        ItemsToCreate = r.ReadStructureArray<MonitoredItemCreateRequest>("ItemsToCreate", ItemsToCreate);
    }
}

/// <summary>Create Monitored Items Response (OPC 10000-4/-6).</summary>
public sealed class CreateMonitoredItemsResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 754;

    /// <summary>Results.</summary>
    public MonitoredItemCreateResult[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructureArray(Results);
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadStructureArray<MonitoredItemCreateResult>("Results", Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Delete Monitored Items Request (OPC 10000-4/-6).</summary>
public sealed class DeleteMonitoredItemsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 781;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Monitored Item Ids.</summary>
    public uint[]? MonitoredItemIds { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteArray(MonitoredItemIds, static (x, v) => x.WriteUInt32(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        MonitoredItemIds = r.ReadArray("MonitoredItemIds", static (ref UaBinaryReader x) => x.ReadUInt32(), MonitoredItemIds);
    }
}

/// <summary>Delete Monitored Items Response (OPC 10000-4/-6).</summary>
public sealed class DeleteMonitoredItemsResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 784;

    /// <summary>Results.</summary>
    public uint[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteArray(Results, static (x, v) => x.WriteStatusCode(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadStatusCode(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

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

/// <summary>Publish Response (OPC 10000-4/-6).</summary>
public sealed class PublishResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 829;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Available Sequence Numbers.</summary>
    public uint[]? AvailableSequenceNumbers { get; set; }

    /// <summary>More Notifications.</summary>
    public bool MoreNotifications { get; set; }

    /// <summary>Notification Message.</summary>
    public NotificationMessage NotificationMessage { get; set; } = new();

    /// <summary>Results.</summary>
    public uint[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteArray(AvailableSequenceNumbers, static (x, v) => x.WriteUInt32(v));
        w.WriteBoolean(MoreNotifications);
        w.WriteStructure(NotificationMessage);
        w.WriteArray(Results, static (x, v) => x.WriteStatusCode(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        AvailableSequenceNumbers = r.ReadArray("AvailableSequenceNumbers", static (ref UaBinaryReader x) => x.ReadUInt32(), AvailableSequenceNumbers);
        MoreNotifications = r.ReadBoolean();
        r.ReadStructureInto(NotificationMessage);
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadStatusCode(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}

/// <summary>Republish Request (OPC 10000-4/-6).</summary>
public sealed class RepublishRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 832;

    /// <summary>Subscription Id.</summary>
    public uint SubscriptionId { get; set; }

    /// <summary>Retransmit Sequence Number.</summary>
    public uint RetransmitSequenceNumber { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteUInt32(SubscriptionId);
        w.WriteUInt32(RetransmitSequenceNumber);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionId = r.ReadUInt32();
        RetransmitSequenceNumber = r.ReadUInt32();
    }
}

/// <summary>Republish Response (OPC 10000-4/-6).</summary>
public sealed class RepublishResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 835;

    /// <summary>Notification Message.</summary>
    public NotificationMessage NotificationMessage { get; set; } = new();

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteStructure(NotificationMessage);
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        r.ReadStructureInto(NotificationMessage);
    }
}

/// <summary>Delete Subscriptions Request (OPC 10000-4/-6).</summary>
public sealed class DeleteSubscriptionsRequest : ServiceRequest
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 847;

    /// <summary>Subscription Ids.</summary>
    public uint[]? SubscriptionIds { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteArray(SubscriptionIds, static (x, v) => x.WriteUInt32(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        SubscriptionIds = r.ReadArray("SubscriptionIds", static (ref UaBinaryReader x) => x.ReadUInt32(), SubscriptionIds);
    }
}

/// <summary>Delete Subscriptions Response (OPC 10000-4/-6).</summary>
public sealed class DeleteSubscriptionsResponse : ServiceResponse
{
    /// <inheritdoc/>
    public override uint BinaryEncodingId => 850;

    /// <summary>Results.</summary>
    public uint[]? Results { get; set; }

    /// <summary>Diagnostic Infos.</summary>
    public DiagnosticInfo?[]? DiagnosticInfos { get; set; }

    /// <inheritdoc/>
    protected override void EncodeBody(UaBinaryWriter w)
    {
        w.WriteArray(Results, static (x, v) => x.WriteStatusCode(v));
        w.WriteArray(DiagnosticInfos, static (x, v) => x.WriteDiagnosticInfo(v));
    }

    /// <inheritdoc/>
    protected override void DecodeBody(ref UaBinaryReader r)
    {
        Results = r.ReadArray("Results", static (ref UaBinaryReader x) => x.ReadStatusCode(), Results);
        DiagnosticInfos = r.ReadArray("DiagnosticInfos", static (ref UaBinaryReader x) => x.ReadDiagnosticInfo(), DiagnosticInfos);
    }
}
