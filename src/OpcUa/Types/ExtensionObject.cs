using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Types;

/// <summary>
/// A structure wrapped with its binary encoding id. Known bodies (identity tokens, notifications, filters) are decoded;
/// unknown ones are kept as raw bytes so they re-encode unchanged.
/// </summary>
public readonly struct ExtensionObject
{
    private ExtensionObject(NodeId typeId, byte encoding, object? body)
    {
        TypeId = typeId;
        Encoding = encoding;
        Body = body;
    }

    /// <summary>Wraps a known structure (binary body).</summary>
    public ExtensionObject(IEncodeable body)
        : this(new NodeId((body ?? throw new ArgumentNullException(nameof(body))).BinaryEncodingId), 0x01, body) { }

    /// <summary>An ExtensionObject with a raw body (0x01 binary, 0x02 XML).</summary>
    public static ExtensionObject FromRaw(NodeId typeId, byte encoding, byte[] body) => new(typeId, encoding, body);

    /// <summary>The null ExtensionObject.</summary>
    public static ExtensionObject Null => default;

    /// <summary>Binary encoding id of the body.</summary>
    public NodeId TypeId { get; }

    /// <summary>0 no body, 1 binary, 2 XML.</summary>
    public byte Encoding { get; }

    /// <summary>The decoded body (<see cref="IEncodeable"/>) or raw bytes; null when there is no body.</summary>
    public object? Body { get; }

    /// <summary>True when TypeId is null and there is no body.</summary>
    public bool IsNull => TypeId.IsNull && Encoding == 0;

    internal void Encode(UaBinaryWriter w)
    {
        w.WriteNodeId(TypeId);
        w.WriteByte(Encoding);
        switch (Body)
        {
            case null when Encoding != 0:
                w.WriteInt32(-1);
                break;
            case null:
                break;
            case byte[] raw:
                w.WriteByteString(raw);
                break;
            case IEncodeable e:
                var lengthAt = w.Position;
                w.WriteInt32(0);
                e.Encode(w);
                w.PatchInt32(lengthAt, w.Position - lengthAt - 4);
                break;
            default:
                throw new UaStatusException(StatusCodes.BadEncodingError, $"ExtensionObject body of type {Body.GetType().Name} cannot be encoded");
        }
    }

    internal static ExtensionObject Decode(ref UaBinaryReader r)
    {
        var typeId = r.ReadNodeId();
        var start = r.Position;
        var encoding = r.ReadByte();
        switch (encoding)
        {
            case 0x00:
                return new ExtensionObject(typeId, 0, null);
            case 0x01:
            case 0x02:
                break;
            default:
                throw r.Fail(StatusCodes.BadDecodingError, $"ExtensionObject encoding byte 0x{encoding:X2} is invalid", start);
        }

        var lengthAt = r.Position;
        var length = r.ReadInt32();
        if (length < 0)
        {
            return new ExtensionObject(typeId, encoding, null);
        }

        if (length > r.Limits.MaxByteStringLength)
        {
            throw r.Fail(StatusCodes.BadEncodingLimitsExceeded, $"ExtensionObject body length {length} exceeds the limit", lengthAt);
        }

        var bodyBytes = r.ReadBytes(length);
        if (encoding == 0x01 && typeId.NamespaceIndex == 0 && typeId.IdType == NodeIdType.Numeric
            && Messages.EncodeableFactory.TryCreateStructure(typeId.Numeric, out var body))
        {
            r.EnterNesting();
            var inner = new UaBinaryReader(bodyBytes, r.Limits);
            inner.SetDepth(r.Depth);
            try
            {
                body.Decode(ref inner);
            }
            catch (UaStatusException e)
            {
                throw new UaStatusException(e.StatusCode, $"in ExtensionObject {typeId} at byte {lengthAt + 4}: {e.Message}", e);
            }

            if (inner.Remaining != 0)
            {
                throw r.Fail(StatusCodes.BadDecodingError, $"ExtensionObject {typeId} body has {inner.Remaining} trailing bytes", lengthAt);
            }

            r.LeaveNesting();
            return new ExtensionObject(typeId, encoding, body);
        }

        return new ExtensionObject(typeId, encoding, bodyBytes.ToArray());
    }
}
