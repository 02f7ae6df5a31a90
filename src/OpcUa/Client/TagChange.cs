using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Client;

/// <summary>A value change of one tag of a subscribed <see cref="TagSet"/>.</summary>
public readonly record struct TagChange(int TagIndex, NodeId NodeId, DataValue Value);
