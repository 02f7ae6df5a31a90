using System.Text.Json;
using System.Text.Json.Serialization;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>One tag of a tag file: an observation (read-only) or an action (read/write, optionally range-checked).</summary>
public sealed record TagDefinition
{
    /// <summary>Tag name (browse name <c>ns:name</c>).</summary>
    public required string Name { get; init; }

    /// <summary><c>observation</c> or <c>action</c>.</summary>
    public string Role { get; init; } = "observation";

    /// <summary>NodeId text, e.g. <c>ns=2;s=IB.Observation.velocity</c>.</summary>
    public required string NodeId { get; init; }

    /// <summary>Double (default), Float, Int32, UInt32, Int16 or Boolean.</summary>
    public string DataType { get; init; } = "Double";

    /// <summary>Initial value.</summary>
    public double Initial { get; init; }

    /// <summary>Lower bound for writes (with <see cref="Max"/>: AnalogItem).</summary>
    public double? Min { get; init; }

    /// <summary>Upper bound for writes.</summary>
    public double? Max { get; init; }

    /// <summary>Overrides the role's writability.</summary>
    public bool? Writable { get; init; }

    /// <summary>Display name (default: the name).</summary>
    public string? DisplayName { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>True for actions.</summary>
    [JsonIgnore]
    public bool IsAction => string.Equals(Role, "action", StringComparison.OrdinalIgnoreCase);
}
