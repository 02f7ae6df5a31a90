using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>A reference from a node: its type, direction and target.</summary>
public readonly record struct UaReference(NodeId ReferenceTypeId, bool IsForward, NodeId TargetId);
