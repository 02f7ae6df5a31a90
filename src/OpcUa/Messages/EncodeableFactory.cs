using System.Collections.Frozen;
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>Maps binary encoding ids (namespace 0) to the structures of the subset.</summary>
public static class EncodeableFactory
{
    private static readonly FrozenDictionary<uint, Func<IEncodeable>> Messages = new Dictionary<uint, Func<IEncodeable>>
    {
        [446] = () => new OpenSecureChannelRequest(), [449] = () => new OpenSecureChannelResponse(),
        [452] = () => new CloseSecureChannelRequest(),
        [428] = () => new GetEndpointsRequest(), [431] = () => new GetEndpointsResponse(),
        [461] = () => new CreateSessionRequest(), [464] = () => new CreateSessionResponse(),
        [467] = () => new ActivateSessionRequest(), [470] = () => new ActivateSessionResponse(),
        [473] = () => new CloseSessionRequest(), [476] = () => new CloseSessionResponse(),
        [631] = () => new ReadRequest(), [634] = () => new ReadResponse(),
        [673] = () => new WriteRequest(), [676] = () => new WriteResponse(),
        [527] = () => new BrowseRequest(), [530] = () => new BrowseResponse(),
        [533] = () => new BrowseNextRequest(), [536] = () => new BrowseNextResponse(),
        [554] = () => new TranslateBrowsePathsToNodeIdsRequest(), [557] = () => new TranslateBrowsePathsToNodeIdsResponse(),
        [787] = () => new CreateSubscriptionRequest(), [790] = () => new CreateSubscriptionResponse(),
        [751] = () => new CreateMonitoredItemsRequest(), [754] = () => new CreateMonitoredItemsResponse(),
        [781] = () => new DeleteMonitoredItemsRequest(), [784] = () => new DeleteMonitoredItemsResponse(),
        [826] = () => new PublishRequest(), [829] = () => new PublishResponse(),
        [832] = () => new RepublishRequest(), [835] = () => new RepublishResponse(),
        [847] = () => new DeleteSubscriptionsRequest(), [850] = () => new DeleteSubscriptionsResponse(),
        [397] = () => new ServiceFault(),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<uint, Func<IEncodeable>> Structures = new Dictionary<uint, Func<IEncodeable>>
    {
        [DataChangeNotification.EncodingId] = () => new DataChangeNotification(),
        [StatusChangeNotification.EncodingId] = () => new StatusChangeNotification(),
        [DataChangeFilter.EncodingId] = () => new DataChangeFilter(),
        [AnonymousIdentityToken.EncodingId] = () => new AnonymousIdentityToken(),
        [UserNameIdentityToken.EncodingId] = () => new UserNameIdentityToken(),
    }.ToFrozenDictionary();

    /// <summary>A new, empty service message for an encoding id.</summary>
    public static bool TryCreateMessage(uint encodingId, out IEncodeable message)
    {
        if (Messages.TryGetValue(encodingId, out var create))
        {
            message = create();
            return true;
        }

        message = null!;
        return false;
    }

    /// <summary>A new, empty ExtensionObject body structure for an encoding id.</summary>
    public static bool TryCreateStructure(uint encodingId, out IEncodeable structure)
    {
        if (Structures.TryGetValue(encodingId, out var create))
        {
            structure = create();
            return true;
        }

        structure = null!;
        return false;
    }

    /// <summary>True for ids of requests or responses the subset knows (service dispatch uses it to answer BadServiceUnsupported).</summary>
    public static bool IsKnownMessage(uint encodingId) => Messages.ContainsKey(encodingId);
}
