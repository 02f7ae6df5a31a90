using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Messages;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>
/// The server's nodes: the standard skeleton (Root, Objects, Types, Views, Server with NamespaceArray and ServerStatus)
/// plus application folders and variables. All access goes through <see cref="SyncRoot"/>; <see cref="SetValue"/> may be
/// called from any thread (e.g. a simulator timer).
/// </summary>
public sealed class AddressSpace
{
    private readonly Dictionary<NodeId, UaNode> _nodes = [];
    private readonly List<string> _namespaces = ["http://opcfoundation.org/UA/"];

    /// <summary>Creates the standard skeleton.</summary>
    public AddressSpace(string applicationUri)
    {
        _namespaces.Add(applicationUri);
        StartTime = DateTime.UtcNow;
        Add(new UaObjectNode(WellKnownNodes.RootFolder, new(0, "Root"), LocalizedText.From("Root")) { TypeDefinition = WellKnownNodes.FolderType });
        AddObject(WellKnownNodes.RootFolder, WellKnownNodes.ObjectsFolder, new(0, "Objects"), WellKnownNodes.FolderType, WellKnownNodes.Organizes);
        AddObject(WellKnownNodes.RootFolder, WellKnownNodes.TypesFolder, new(0, "Types"), WellKnownNodes.FolderType, WellKnownNodes.Organizes);
        AddObject(WellKnownNodes.RootFolder, WellKnownNodes.ViewsFolder, new(0, "Views"), WellKnownNodes.FolderType, WellKnownNodes.Organizes);
        AddObject(WellKnownNodes.ObjectsFolder, WellKnownNodes.Server, new(0, "Server"), WellKnownNodes.ServerType, WellKnownNodes.Organizes);
        AddVariable(WellKnownNodes.Server, WellKnownNodes.ServerArray, new(0, "ServerArray"), new Variant(new[] { applicationUri }, BuiltInType.String), WellKnownNodes.HasProperty);
        AddVariable(WellKnownNodes.Server, WellKnownNodes.NamespaceArray, new(0, "NamespaceArray"), new Variant(_namespaces.ToArray(), BuiltInType.String), WellKnownNodes.HasProperty);
        AddVariable(WellKnownNodes.Server, WellKnownNodes.ServerStatus, new(0, "ServerStatus"), Variant.Null, WellKnownNodes.HasComponent, BuiltInType.ExtensionObject);
        AddVariable(WellKnownNodes.ServerStatus, WellKnownNodes.ServerStatusStartTime, new(0, "StartTime"), new Variant(StartTime), WellKnownNodes.HasComponent);
        AddVariable(WellKnownNodes.ServerStatus, WellKnownNodes.ServerStatusCurrentTime, new(0, "CurrentTime"), new Variant(StartTime), WellKnownNodes.HasComponent);
        AddVariable(WellKnownNodes.ServerStatus, WellKnownNodes.ServerStatusState, new(0, "State"), new Variant(0), WellKnownNodes.HasComponent);
    }

    /// <summary>Lock guarding nodes, values and everything the server derives from them.</summary>
    public object SyncRoot { get; } = new();

    /// <summary>When the server started.</summary>
    public DateTime StartTime { get; }

    /// <summary>Namespace URIs (index 0 OPC UA, 1 the server).</summary>
    public IReadOnlyList<string> NamespaceUris => _namespaces;

    /// <summary>Registers a namespace URI and returns its index (existing URIs keep theirs).</summary>
    public ushort RegisterNamespace(string uri)
    {
        lock (SyncRoot)
        {
            var index = _namespaces.IndexOf(uri);
            if (index < 0)
            {
                _namespaces.Add(uri);
                index = _namespaces.Count - 1;
                ((UaVariableNode)_nodes[WellKnownNodes.NamespaceArray]).Value = new DataValue(new Variant(_namespaces.ToArray(), BuiltInType.String), sourceTimestamp: DateTime.UtcNow);
            }

            return (ushort)index;
        }
    }

    /// <summary>Looks a node up (caller holds <see cref="SyncRoot"/>).</summary>
    public bool TryGetNode(NodeId nodeId, out UaNode node)
    {
        if (nodeId == WellKnownNodes.ServerStatusCurrentTime && _nodes.TryGetValue(nodeId, out var current))
        {
            ((UaVariableNode)current).Value = new DataValue(new Variant(DateTime.UtcNow), sourceTimestamp: DateTime.UtcNow);
        }

        return _nodes.TryGetValue(nodeId, out node!);
    }

    /// <summary>Adds a folder (FolderType object) below <paramref name="parent"/> with Organizes.</summary>
    public UaObjectNode AddFolder(NodeId parent, NodeId nodeId, QualifiedName browseName, string? displayName = null) =>
        AddObject(parent, nodeId, browseName, WellKnownNodes.FolderType, WellKnownNodes.Organizes, displayName);

    /// <summary>Adds an object below <paramref name="parent"/>.</summary>
    public UaObjectNode AddObject(NodeId parent, NodeId nodeId, QualifiedName browseName, NodeId typeDefinition, NodeId referenceType, string? displayName = null)
    {
        var node = new UaObjectNode(nodeId, browseName, LocalizedText.From(displayName ?? browseName.Name)) { TypeDefinition = typeDefinition };
        lock (SyncRoot)
        {
            Link(parent, referenceType, Add(node));
        }

        return node;
    }

    /// <summary>
    /// Adds a scalar variable below <paramref name="parent"/> (HasComponent by default). With <paramref name="range"/> it
    /// becomes an AnalogItem with an EURange property and writes outside the range are BadOutOfRange.
    /// </summary>
    public UaVariableNode AddVariable(NodeId parent, NodeId nodeId, QualifiedName browseName, Variant initial, NodeId? referenceType = null,
        BuiltInType? valueType = null, bool writable = false, (double Low, double High)? range = null, string? displayName = null, string? description = null)
    {
        var type = valueType ?? initial.Type;
        if (type == BuiltInType.Null)
        {
            throw new ArgumentException($"variable {nodeId} needs a value type", nameof(valueType));
        }

        var node = new UaVariableNode(nodeId, browseName, LocalizedText.From(displayName ?? browseName.Name), type)
        {
            AccessLevel = (byte)(UaVariableNode.CurrentRead | (writable ? UaVariableNode.CurrentWrite : 0)),
            Range = range,
            TypeDefinition = range is null
                ? (referenceType == WellKnownNodes.HasProperty ? WellKnownNodes.PropertyType : WellKnownNodes.BaseDataVariableType)
                : WellKnownNodes.AnalogItemType,
            Description = LocalizedText.From(description),
            Value = new DataValue(initial, sourceTimestamp: DateTime.UtcNow),
        };
        lock (SyncRoot)
        {
            Link(parent, referenceType ?? WellKnownNodes.HasComponent, Add(node));
            if (range is { } r)
            {
                var body = new UaBinaryWriter(16);
                body.WriteDouble(r.Low);
                body.WriteDouble(r.High);
                var euRange = new UaVariableNode(new NodeId($"{nodeId.Identifier}.EURange", nodeId.NamespaceIndex), new(0, "EURange"), LocalizedText.From("EURange"), BuiltInType.ExtensionObject)
                {
                    TypeDefinition = WellKnownNodes.PropertyType,
                    Value = new DataValue(new Variant(ExtensionObject.FromRaw(WellKnownNodes.RangeBinaryEncoding, 1, body.WrittenSpan.ToArray())), sourceTimestamp: DateTime.UtcNow),
                };
                Link(nodeId, WellKnownNodes.HasProperty, Add(euRange));
            }
        }

        return node;
    }

    /// <summary>Sets a variable's value (thread-safe); monitored items see the change at their next publishing cycle.</summary>
    public void SetValue(NodeId nodeId, Variant value, DateTime? sourceTimestamp = null, uint statusCode = StatusCodes.Good)
    {
        lock (SyncRoot)
        {
            if (!_nodes.TryGetValue(nodeId, out var node) || node is not UaVariableNode variable)
            {
                throw new ArgumentException($"{nodeId} is not a variable of this address space", nameof(nodeId));
            }

            SetValue(variable, value, sourceTimestamp ?? DateTime.UtcNow, statusCode);
        }
    }

    /// <summary>Sets a value (caller holds <see cref="SyncRoot"/>).</summary>
    internal static void SetValue(UaVariableNode variable, Variant value, DateTime sourceTimestamp, uint statusCode = StatusCodes.Good)
    {
        variable.Value = new DataValue(value, statusCode, sourceTimestamp);
        variable.Version++;
    }

    /// <summary>Reads a variable's current value (thread-safe).</summary>
    public DataValue GetValue(NodeId nodeId)
    {
        lock (SyncRoot)
        {
            return _nodes.TryGetValue(nodeId, out var node) && node is UaVariableNode variable
                ? variable.Value
                : throw new ArgumentException($"{nodeId} is not a variable of this address space", nameof(nodeId));
        }
    }

    private UaNode Add(UaNode node)
    {
        if (!_nodes.TryAdd(node.NodeId, node))
        {
            throw new ArgumentException($"node {node.NodeId} already exists", nameof(node));
        }

        if (!node.TypeDefinition.IsNull)
        {
            node.AddReference(new UaReference(WellKnownNodes.HasTypeDefinition, true, node.TypeDefinition));
        }

        return node;
    }

    private void Link(NodeId parent, NodeId referenceType, UaNode child)
    {
        if (!_nodes.TryGetValue(parent, out var parentNode))
        {
            throw new ArgumentException($"parent {parent} does not exist", nameof(parent));
        }

        parentNode.AddReference(new UaReference(referenceType, true, child.NodeId));
        child.AddReference(new UaReference(referenceType, false, parent));
    }
}
