using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>A service response: a structure that starts with a <see cref="Messages.ResponseHeader"/>.</summary>
public interface IServiceResponse : IEncodeable
{
    /// <summary>The header.</summary>
    ResponseHeader ResponseHeader { get; set; }
}
