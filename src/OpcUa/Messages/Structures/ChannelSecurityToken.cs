// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Messages;

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
