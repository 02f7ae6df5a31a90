namespace IndustrialSafeRL.OpcUa.SecureChannel;

/// <summary>Result of feeding one chunk to the assembler.</summary>
public enum ChunkOutcome
{
    /// <summary>An intermediate chunk was stored; more are needed.</summary>
    Incomplete,
    /// <summary>A final chunk completed a message (<see cref="SecureChannelCodec.MessageBody"/>).</summary>
    Complete,
    /// <summary>The sender aborted the message (<see cref="SecureChannelCodec.AbortStatus"/>).</summary>
    Aborted,
}
