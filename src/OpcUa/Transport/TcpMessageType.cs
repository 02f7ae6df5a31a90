namespace IndustrialSafeRL.OpcUa.Transport;

/// <summary>UA-TCP and UA-SC message types: the first three header bytes as a little-endian number.</summary>
public static class TcpMessageType
{
    /// <summary>Hello.</summary>
    public const uint Hello = 'H' | ('E' << 8) | ('L' << 16);
    /// <summary>Acknowledge.</summary>
    public const uint Acknowledge = 'A' | ('C' << 8) | ('K' << 16);
    /// <summary>Error.</summary>
    public const uint Error = 'E' | ('R' << 8) | ('R' << 16);
    /// <summary>ReverseHello (not supported).</summary>
    public const uint ReverseHello = 'R' | ('H' << 8) | ('E' << 16);
    /// <summary>OpenSecureChannel.</summary>
    public const uint Open = 'O' | ('P' << 8) | ('N' << 16);
    /// <summary>Service message.</summary>
    public const uint Message = 'M' | ('S' << 8) | ('G' << 16);
    /// <summary>CloseSecureChannel.</summary>
    public const uint Close = 'C' | ('L' << 8) | ('O' << 16);

    /// <summary>Final chunk.</summary>
    public const byte Final = (byte)'F';
    /// <summary>Intermediate chunk.</summary>
    public const byte Intermediate = (byte)'C';
    /// <summary>Abort chunk.</summary>
    public const byte Abort = (byte)'A';

    /// <summary>Size of the UA-TCP message header.</summary>
    public const int HeaderSize = 8;

    /// <summary>Smallest buffer size a peer may announce.</summary>
    public const int MinBufferSize = 8192;

    /// <summary>The three-letter name, for messages.</summary>
    public static string Name(uint type) => type switch
    {
        Hello => "HEL", Acknowledge => "ACK", Error => "ERR", ReverseHello => "RHE",
        Open => "OPN", Message => "MSG", Close => "CLO", _ => $"0x{type:X6}",
    };

    /// <summary>True for OPN, MSG and CLO.</summary>
    public static bool IsSecureConversation(uint type) => type is Open or Message or Close;
}
