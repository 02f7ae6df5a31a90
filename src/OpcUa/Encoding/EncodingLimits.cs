namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>Bounds every decoder enforces before it allocates. Defaults follow the order of magnitude of the large stacks.</summary>
public sealed record EncodingLimits
{
    /// <summary>Largest String in bytes (default 1 MiB).</summary>
    public int MaxStringLength { get; init; } = 1 << 20;

    /// <summary>Largest ByteString in bytes (default 4 MiB).</summary>
    public int MaxByteStringLength { get; init; } = 4 << 20;

    /// <summary>Most elements in one array (default 65 536).</summary>
    public int MaxArrayLength { get; init; } = 65_536;

    /// <summary>Deepest nesting of Variants, DiagnosticInfos and ExtensionObjects (default 64).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Largest reassembled message in bytes (default 16 MiB).</summary>
    public int MaxMessageSize { get; init; } = 16 << 20;

    /// <summary>Most chunks in one message (default 4096).</summary>
    public int MaxChunkCount { get; init; } = 4096;

    /// <summary>The defaults.</summary>
    public static EncodingLimits Default { get; } = new();

    /// <summary>Throws when a limit is not positive.</summary>
    public EncodingLimits Validate()
    {
        if (MaxStringLength <= 0 || MaxByteStringLength <= 0 || MaxArrayLength <= 0 || MaxDepth <= 0
            || MaxMessageSize < 8192 || MaxChunkCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EncodingLimits), "encoding limits must be positive and MaxMessageSize >= 8192");
        }

        return this;
    }
}
