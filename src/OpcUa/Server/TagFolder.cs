using System.Text.Json;
using System.Text.Json.Serialization;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>The root folder of a tag file.</summary>
public sealed record TagFolder(string BrowseName, string NodeId);
