// Structure layout, fields in wire order (OPC 10000-4 Services, OPC 10000-6 UA Binary).
#pragma warning disable CA1819 // message fields are wire arrays
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Messages;

/// <summary>One step of a browse path (OPC 10000-4/-6).</summary>
public sealed class RelativePathElement : IUaStructure
{
    /// <summary>Reference Type Id.</summary>
    public NodeId ReferenceTypeId { get; set; }

    /// <summary>Is Inverse.</summary>
    public bool IsInverse { get; set; }

    /// <summary>Include Subtypes.</summary>
    public bool IncludeSubtypes { get; set; }

    /// <summary>Target Name.</summary>
    public QualifiedName TargetName { get; set; }

    /// <inheritdoc/>
    public void Encode(UaBinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteNodeId(ReferenceTypeId);
        w.WriteBoolean(IsInverse);
        w.WriteBoolean(IncludeSubtypes);
        w.WriteQualifiedName(TargetName);
    }

    /// <inheritdoc/>
    public void Decode(ref UaBinaryReader reader)
    {
        ref var r = ref reader;
        ReferenceTypeId = r.ReadNodeId();
        IsInverse = r.ReadBoolean();
        IncludeSubtypes = r.ReadBoolean();
        TargetName = r.ReadQualifiedName();
    }
}
