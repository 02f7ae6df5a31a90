using System.Buffers.Binary;
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Transport;

/// <summary>ACK: the limits the server applies.</summary>
public sealed record AcknowledgeMessage(uint ProtocolVersion, uint ReceiveBufferSize, uint SendBufferSize, uint MaxMessageSize, uint MaxChunkCount)
{
    /// <summary>Writes the whole ACK message.</summary>
    public void Encode(UaBinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var start = TcpFrame.BeginMessage(w, TcpMessageType.Acknowledge);
        w.WriteUInt32(ProtocolVersion);
        w.WriteUInt32(ReceiveBufferSize);
        w.WriteUInt32(SendBufferSize);
        w.WriteUInt32(MaxMessageSize);
        w.WriteUInt32(MaxChunkCount);
        TcpFrame.EndMessage(w, start);
    }

    /// <summary>Reads the body of an ACK.</summary>
    public static AcknowledgeMessage Decode(ReadOnlySpan<byte> body)
    {
        var r = new UaBinaryReader(body);
        var ack = new AcknowledgeMessage(r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32(), r.ReadUInt32());
        return r.Remaining == 0 ? ack : throw new UaStatusException(StatusCodes.BadDecodingError, $"ACK has {r.Remaining} trailing bytes");
    }
}
