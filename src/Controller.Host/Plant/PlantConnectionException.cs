namespace IndustrialSafeRL.Controller.Host.Plant;

/// <summary>The link to the plant is down (or a call on it failed in a way that leaves it unusable).</summary>
public sealed class PlantConnectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlantConnectionException()
        : base("the plant link is down")
    {
    }

    /// <summary>Creates the exception.</summary>
    public PlantConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PlantConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
