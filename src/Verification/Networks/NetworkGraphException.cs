namespace IndustrialSafeRL.Verification.Networks;

/// <summary>A graph the interval interpreter cannot evaluate; the message names the node and the reason.</summary>
public sealed class NetworkGraphException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NetworkGraphException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public NetworkGraphException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public NetworkGraphException()
    {
    }
}
