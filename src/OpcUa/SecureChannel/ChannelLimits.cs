using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Transport;

namespace IndustrialSafeRL.OpcUa.SecureChannel;

/// <summary>Negotiated sizes of one connection (after HEL/ACK).</summary>
public sealed class ChannelLimits
{
    /// <summary>Largest chunk we send (min of our send buffer and the peer's receive buffer).</summary>
    public int SendChunkSize { get; set; } = 65_536;

    /// <summary>Largest chunk we accept.</summary>
    public int ReceiveChunkSize { get; set; } = 65_536;

    /// <summary>Largest message the peer accepts (0 = no limit).</summary>
    public int PeerMaxMessageSize { get; set; }

    /// <summary>Most chunks per message the peer accepts (0 = no limit).</summary>
    public int PeerMaxChunkCount { get; set; }

    /// <summary>Decoder limits, also our own message and chunk-count caps.</summary>
    public EncodingLimits Encoding { get; set; } = EncodingLimits.Default;

    /// <summary>Clamps a peer-announced buffer size into [8192, own].</summary>
    public static int Negotiate(uint peer, int own) => (int)Math.Clamp(peer, TcpMessageType.MinBufferSize, (uint)Math.Max(own, TcpMessageType.MinBufferSize));
}
