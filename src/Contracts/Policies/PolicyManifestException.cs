namespace IndustrialSafeRL.Contracts.Policies;

/// <summary>A manifest is unreadable or invalid; <see cref="Errors"/> names every field at fault.</summary>
public sealed class PolicyManifestException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/> with its errors.</summary>
    public PolicyManifestException(string source, IReadOnlyList<string> errors, Exception? innerException = null)
        : base($"{source}: invalid policy manifest: {string.Join("; ", errors)}", innerException)
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public PolicyManifestException()
        : this("policy.json", ["invalid"])
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyManifestException(string message)
        : this("policy.json", [message])
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyManifestException(string message, Exception innerException)
        : this("policy.json", [message], innerException)
    {
    }

    /// <summary>The file or text the manifest came from.</summary>
    public new string Source { get; }

    /// <summary>One message per problem, each beginning with the field's JSON path.</summary>
    public IReadOnlyList<string> Errors { get; }
}
