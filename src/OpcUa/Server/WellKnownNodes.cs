using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>Well-known NodeIds of namespace 0 the server uses, and the reference-type hierarchy for IncludeSubtypes.</summary>
public static class WellKnownNodes
{
#pragma warning disable CS1591 // the names are the documentation (OPC 10000-5/-6 NodeIds)
    public static readonly NodeId References = new(31);
    public static readonly NodeId NonHierarchicalReferences = new(32);
    public static readonly NodeId HierarchicalReferences = new(33);
    public static readonly NodeId HasChild = new(34);
    public static readonly NodeId Organizes = new(35);
    public static readonly NodeId HasModellingRule = new(37);
    public static readonly NodeId HasTypeDefinition = new(40);
    public static readonly NodeId Aggregates = new(44);
    public static readonly NodeId HasSubtype = new(45);
    public static readonly NodeId HasProperty = new(46);
    public static readonly NodeId HasComponent = new(47);
    public static readonly NodeId BaseObjectType = new(58);
    public static readonly NodeId FolderType = new(61);
    public static readonly NodeId BaseDataVariableType = new(63);
    public static readonly NodeId PropertyType = new(68);
    public static readonly NodeId RootFolder = new(84);
    public static readonly NodeId ObjectsFolder = new(85);
    public static readonly NodeId TypesFolder = new(86);
    public static readonly NodeId ViewsFolder = new(87);
    public static readonly NodeId Server = new(2253);
    public static readonly NodeId ServerArray = new(2254);
    public static readonly NodeId NamespaceArray = new(2255);
    public static readonly NodeId ServerStatus = new(2256);
    public static readonly NodeId ServerStatusStartTime = new(2257);
    public static readonly NodeId ServerStatusCurrentTime = new(2258);
    public static readonly NodeId ServerStatusState = new(2259);
    public static readonly NodeId ServerType = new(2004);
    public static readonly NodeId ServerStatusType = new(2138);
    public static readonly NodeId AnalogItemType = new(2368);
    public static readonly NodeId RangeDataType = new(884);
    public static readonly NodeId RangeBinaryEncoding = new(886);
#pragma warning restore CS1591

    private static readonly Dictionary<NodeId, NodeId> Parent = new()
    {
        [NonHierarchicalReferences] = References,
        [HierarchicalReferences] = References,
        [HasChild] = HierarchicalReferences,
        [Organizes] = HierarchicalReferences,
        [Aggregates] = HasChild,
        [HasSubtype] = HasChild,
        [HasProperty] = Aggregates,
        [HasComponent] = Aggregates,
        [HasTypeDefinition] = NonHierarchicalReferences,
        [HasModellingRule] = NonHierarchicalReferences,
    };

    /// <summary>True when <paramref name="type"/> is <paramref name="super"/> or (with subtypes) one of its subtypes.</summary>
    public static bool Matches(NodeId type, NodeId super, bool includeSubtypes)
    {
        if (super.IsNull || type == super)
        {
            return true;
        }

        if (!includeSubtypes)
        {
            return false;
        }

        for (var t = type; Parent.TryGetValue(t, out var parent); t = parent)
        {
            if (parent == super)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for reference types the server knows.</summary>
    public static bool IsKnownReferenceType(NodeId type) => type == References || Parent.ContainsKey(type);
}
