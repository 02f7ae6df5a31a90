using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A service request: a structure that starts with a <see cref="Messages.RequestHeader"/>.</summary>
public interface IServiceRequest : IEncodeable
{
    /// <summary>The header.</summary>
    RequestHeader RequestHeader { get; set; }
}
