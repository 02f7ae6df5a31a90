using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>A Variable node: a scalar value of one built-in type, optionally range-checked on write.</summary>
public sealed class UaVariableNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, BuiltInType valueType)
    : UaNode(nodeId, NodeClass.Variable, browseName, displayName)
{
    /// <summary>AccessLevel bit: CurrentRead.</summary>
    public const byte CurrentRead = 0x01;

    /// <summary>AccessLevel bit: CurrentWrite.</summary>
    public const byte CurrentWrite = 0x02;

    /// <summary>The built-in type of the value; writes of any other Variant type are BadTypeMismatch.</summary>
    public BuiltInType ValueType { get; } = valueType;

    /// <summary>DataType NodeId (for built-in types the id equals the type number).</summary>
    public NodeId DataType => new((uint)ValueType);

    /// <summary>AccessLevel (CurrentRead | CurrentWrite bits).</summary>
    public byte AccessLevel { get; init; } = CurrentRead;

    /// <summary>MinimumSamplingInterval in ms (0: changes reported as they happen).</summary>
    public double MinimumSamplingInterval { get; init; }

    /// <summary>Inclusive range for writes (AnalogItem EURange); null: no range check.</summary>
    public (double Low, double High)? Range { get; init; }

    /// <summary>True when CurrentWrite is set.</summary>
    public bool IsWritable => (AccessLevel & CurrentWrite) != 0;

    /// <summary>Current value with its source timestamp. Read and written under <see cref="AddressSpace.SyncRoot"/>.</summary>
    public DataValue Value { get; internal set; }

    /// <summary>Incremented on every value change; monitored items compare it to what they reported.</summary>
    public long Version { get; internal set; }
}
