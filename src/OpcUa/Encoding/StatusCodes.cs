namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>The OPC UA status codes the subset produces or interprets (OPC 10000-6 Annex A).</summary>
public static class StatusCodes
{
#pragma warning disable CS1591 // the names are the documentation
    public const uint Good = 0x00000000;
    public const uint Uncertain = 0x40000000;
    public const uint Bad = 0x80000000;
    public const uint BadUnexpectedError = 0x80010000;
    public const uint BadInternalError = 0x80020000;
    public const uint BadCommunicationError = 0x80050000;
    public const uint BadEncodingError = 0x80060000;
    public const uint BadDecodingError = 0x80070000;
    public const uint BadEncodingLimitsExceeded = 0x80080000;
    public const uint BadUnknownResponse = 0x80090000;
    public const uint BadTimeout = 0x800A0000;
    public const uint BadServiceUnsupported = 0x800B0000;
    public const uint BadShutdown = 0x800C0000;
    public const uint BadServerHalted = 0x800E0000;
    public const uint BadNothingToDo = 0x800F0000;
    public const uint BadTooManyOperations = 0x80100000;
    public const uint BadSecurityChecksFailed = 0x80130000;
    public const uint BadUserAccessDenied = 0x801F0000;
    public const uint BadIdentityTokenInvalid = 0x80200000;
    public const uint BadIdentityTokenRejected = 0x80210000;
    public const uint BadSecureChannelIdInvalid = 0x80220000;
    public const uint BadNonceInvalid = 0x80240000;
    public const uint BadSessionIdInvalid = 0x80250000;
    public const uint BadSessionClosed = 0x80260000;
    public const uint BadSessionNotActivated = 0x80270000;
    public const uint BadSubscriptionIdInvalid = 0x80280000;
    public const uint BadRequestHeaderInvalid = 0x802A0000;
    public const uint BadTimestampsToReturnInvalid = 0x802B0000;
    public const uint BadWaitingForInitialData = 0x80320000;
    public const uint BadNodeIdInvalid = 0x80330000;
    public const uint BadNodeIdUnknown = 0x80340000;
    public const uint BadAttributeIdInvalid = 0x80350000;
    public const uint BadIndexRangeInvalid = 0x80360000;
    public const uint BadNotReadable = 0x803A0000;
    public const uint BadNotWritable = 0x803B0000;
    public const uint BadOutOfRange = 0x803C0000;
    public const uint BadNotSupported = 0x803D0000;
    public const uint BadNotFound = 0x803E0000;
    public const uint BadMonitoringModeInvalid = 0x80410000;
    public const uint BadMonitoredItemIdInvalid = 0x80420000;
    public const uint BadMonitoredItemFilterUnsupported = 0x80440000;
    public const uint BadContinuationPointInvalid = 0x804A0000;
    public const uint BadNoContinuationPoints = 0x804B0000;
    public const uint BadSecurityModeRejected = 0x80540000;
    public const uint BadSecurityPolicyRejected = 0x80550000;
    public const uint BadTooManySessions = 0x80560000;
    public const uint BadBrowseNameInvalid = 0x80600000;
    public const uint BadNoMatch = 0x806F0000;
    public const uint BadMaxAgeInvalid = 0x80700000;
    public const uint BadWriteNotSupported = 0x80730000;
    public const uint BadTypeMismatch = 0x80740000;
    public const uint BadTooManySubscriptions = 0x80770000;
    public const uint BadTooManyPublishRequests = 0x80780000;
    public const uint BadNoSubscription = 0x80790000;
    public const uint BadSequenceNumberUnknown = 0x807A0000;
    public const uint BadMessageNotAvailable = 0x807B0000;
    public const uint BadTcpMessageTypeInvalid = 0x807E0000;
    public const uint BadTcpSecureChannelUnknown = 0x807F0000;
    public const uint BadTcpMessageTooLarge = 0x80800000;
    public const uint BadTcpNotEnoughResources = 0x80810000;
    public const uint BadTcpInternalError = 0x80820000;
    public const uint BadTcpEndpointUrlInvalid = 0x80830000;
    public const uint BadRequestInterrupted = 0x80840000;
    public const uint BadRequestTimeout = 0x80850000;
    public const uint BadSecureChannelClosed = 0x80860000;
    public const uint BadSecureChannelTokenUnknown = 0x80870000;
    public const uint BadSequenceNumberInvalid = 0x80880000;
    public const uint BadInvalidArgument = 0x80AB0000;
    public const uint BadConnectionClosed = 0x80AE0000;
    public const uint BadInvalidState = 0x80AF0000;
    public const uint BadRequestTooLarge = 0x80B80000;
    public const uint BadResponseTooLarge = 0x80B90000;
    public const uint BadProtocolVersionUnsupported = 0x80BE0000;
    public const uint BadTooManyMonitoredItems = 0x80DB0000;
    public const uint GoodSubscriptionTransferred = 0x002D0000;
#pragma warning restore CS1591

    private static readonly Dictionary<uint, string> Names = typeof(StatusCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(uint))
        .ToDictionary(f => (uint)f.GetRawConstantValue()!, f => f.Name);

    /// <summary>True when the severity bits say Good.</summary>
    public static bool IsGood(uint code) => (code >> 30) == 0;

    /// <summary>True when the severity bits say Bad.</summary>
    public static bool IsBad(uint code) => (code >> 30) >= 2;

    /// <summary>The symbolic name of a code (info bits ignored), or its hex value.</summary>
    public static string Name(uint code) =>
        Names.TryGetValue(code & 0xFFFF0000, out var name) ? name : $"0x{code:X8}";
}
