namespace IndustrialSafeRL.Policy.Runtime.Packages;

/// <summary>A policy package was refused; <see cref="Errors"/> names every field or file at fault.</summary>
public sealed class PolicyPackageException : Exception
{
    /// <summary>Creates the exception for the package at <paramref name="directory"/>.</summary>
    public PolicyPackageException(string directory, IReadOnlyList<string> errors, Exception? innerException = null)
        : base($"policy package {directory} refused: {string.Join("; ", errors)}", innerException)
    {
        Directory = directory;
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public PolicyPackageException()
        : this("(unknown)", ["refused"])
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyPackageException(string message)
        : this("(unknown)", [message])
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyPackageException(string message, Exception innerException)
        : this("(unknown)", [message], innerException)
    {
    }

    /// <summary>The package directory.</summary>
    public string Directory { get; }

    /// <summary>One message per problem, each beginning with the field or file at fault.</summary>
    public IReadOnlyList<string> Errors { get; }
}
