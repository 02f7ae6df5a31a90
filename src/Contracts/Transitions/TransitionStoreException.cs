namespace IndustrialSafeRL.Contracts.Transitions;

/// <summary>A transition store cannot be opened, read or written; the message says which file and why.</summary>
public sealed class TransitionStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransitionStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TransitionStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TransitionStoreException()
    {
    }
}
