namespace IndustrialSafeRL.Onnx;

/// <summary>A malformed or unsupported ONNX file; the message names the byte offset and the field at fault.</summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OnnxFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public OnnxFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates an exception with no message (for serialisers).</summary>
    public OnnxFormatException()
    {
    }
}
