namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>An OPC UA failure carrying its StatusCode; the codec and channel layers translate it into a fault, an ERR or a
/// failed task, never let it escape a socket loop.</summary>
public sealed class UaStatusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UaStatusException(uint statusCode, string message) : base($"{StatusCodes.Name(statusCode)}: {message}") =>
        StatusCode = statusCode;

    /// <summary>Creates the exception with an inner cause.</summary>
    public UaStatusException(uint statusCode, string message, Exception inner)
        : base($"{StatusCodes.Name(statusCode)}: {message}", inner) => StatusCode = statusCode;

    /// <summary>Creates a BadUnexpectedError.</summary>
    public UaStatusException() : this(StatusCodes.BadUnexpectedError, "unexpected error") { }

    /// <summary>Creates a BadUnexpectedError with a message.</summary>
    public UaStatusException(string message) : this(StatusCodes.BadUnexpectedError, message) { }

    /// <summary>Creates a BadUnexpectedError with a message and cause.</summary>
    public UaStatusException(string message, Exception inner) : this(StatusCodes.BadUnexpectedError, message, inner) { }

    /// <summary>The status code.</summary>
    public uint StatusCode { get; }
}
