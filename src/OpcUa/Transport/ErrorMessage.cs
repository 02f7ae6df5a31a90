using System.Buffers.Binary;
using IndustrialSafeRL.OpcUa.Encoding;

namespace IndustrialSafeRL.OpcUa.Transport;

/// <summary>ERR: a fatal transport or channel error; the sender closes afterwards.</summary>
public sealed record ErrorMessage(uint Error, string? Reason)
{
    /// <summary>Writes the whole ERR message.</summary>
    public void Encode(UaBinaryWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var start = TcpFrame.BeginMessage(w, TcpMessageType.Error);
        w.WriteUInt32(Error);
        var reason = Reason is { Length: > 1024 } ? Reason[..1024] : Reason;
        w.WriteString(reason);
        TcpFrame.EndMessage(w, start);
    }

    /// <summary>Reads the body of an ERR.</summary>
    public static ErrorMessage Decode(ReadOnlySpan<byte> body)
    {
        var r = new UaBinaryReader(body, EncodingLimits.Default with { MaxStringLength = 4096 });
        return new ErrorMessage(r.ReadUInt32(), r.ReadString());
    }
}
