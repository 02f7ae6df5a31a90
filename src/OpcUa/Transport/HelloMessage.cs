using System.Buffers.Binary;
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Transport;

/// <summary>HEL: what the client can receive and send.</summary>
public sealed record HelloMessage(uint ProtocolVersion, uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize,
    uint MaxChunkCount, string? EndpointUrl)
{
    /// <summary>Writes the whole HEL message.</summary>
    public void Encode(UaBinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var start = TcpFrame.BeginMessage(w, TcpMessageType.Hello);
        w.WriteUInt32(ProtocolVersion);
        w.WriteUInt32(ReceiveBufferSize);
        w.WriteUInt32(SendBufferSize);
        w.WriteUInt32(MaxMessageSize);
        w.WriteUInt32(MaxChunkCount);
        w.WriteString(EndpointUrl);
        TcpFrame.EndMessage(w, start);
    }

    /// <summary>Reads the body of a HEL (after the 8-byte header).</summary>
    public static HelloMessage Decode(ReadOnlySpan<byte> body)
    {
        var r = new UaBinaryReader(body, EncodingLimits.Default with { MaxStringLength = 4096 });
        var hello = new HelloMessage(r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadString());
        return r.Remaining == 0 ? hello : throw new UaStatusException(StatusCodes.BadDecodingError, $"HEL has {r.Remaining} trailing bytes");
    }
}
