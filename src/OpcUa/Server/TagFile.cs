using System.Text.Json;
using System.Text.Json.Serialization;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Server;

/// <summary>
/// A tag file (the harness format): a namespace URI, a root folder under Objects, and tags that land in
/// <c>Observations</c> and <c>Actions</c> subfolders (<c>&lt;root&gt;.Observations</c>, <c>&lt;root&gt;.Actions</c>).
/// </summary>
public sealed record TagFile(string NamespaceUri, TagFolder Folder, IReadOnlyList<TagDefinition> Tags)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Loads and validates a tag file.</summary>
    public static TagFile Load(string path)
    {
        var file = JsonSerializer.Deserialize<TagFile>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: empty tag file");
        return file.Validate(path);
    }

    /// <summary>Checks names, NodeIds and data types; errors name the tag at fault.</summary>
    public TagFile Validate(string source = "tag file")
    {
        if (string.IsNullOrWhiteSpace(NamespaceUri) || Folder is null || Tags is null || Tags.Count == 0)
        {
            throw new InvalidDataException($"{source}: namespaceUri, folder and tags are required");
        }

        foreach (var tag in Tags)
        {
            if (!Types.NodeId.TryParse(tag.NodeId, out _, out var error))
            {
                throw new InvalidDataException($"{source}: tag '{tag.Name}' nodeId: {error}");
            }

            _ = ValueType(tag);
            if (tag.Min > tag.Max)
            {
                throw new InvalidDataException($"{source}: tag '{tag.Name}' has min > max");
            }
        }

        return this;
    }

    /// <summary>Built-in type of a tag.</summary>
    public static BuiltInType ValueType(TagDefinition tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return tag.DataType switch
        {
            "Double" => BuiltInType.Double,
            "Float" => BuiltInType.Float,
            "Int32" => BuiltInType.Int32,
            "UInt32" => BuiltInType.UInt32,
            "Int16" => BuiltInType.Int16,
            "Boolean" => BuiltInType.Boolean,
            _ => throw new InvalidDataException($"tag '{tag.Name}' dataType '{tag.DataType}' is not Double, Float, Int32, UInt32, Int16 or Boolean"),
        };
    }

    /// <summary>A Variant of the tag's type holding <paramref name="value"/>.</summary>
    public static Variant ToVariant(TagDefinition tag, double value) => ValueType(tag) switch
    {
        BuiltInType.Double => new Variant(value),
        BuiltInType.Float => new Variant((float)value),
        BuiltInType.Int32 => new Variant((int)value),
        BuiltInType.UInt32 => new Variant((uint)value),
        BuiltInType.Int16 => new Variant((short)value),
        _ => new Variant(value != 0),
    };

    /// <summary>
    /// Adds the folders and variables to <paramref name="space"/>. The namespace must land on the index the NodeIds name
    /// (register it first on a fresh address space: index 2).
    /// </summary>
    public IReadOnlyDictionary<string, UaVariableNode> Populate(AddressSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var ns = space.RegisterNamespace(NamespaceUri);
        var root = Types.NodeId.Parse(Folder.NodeId);
        if (root.NamespaceIndex != ns)
        {
            throw new InvalidDataException($"folder {Folder.NodeId} names namespace {root.NamespaceIndex} but {NamespaceUri} has index {ns}");
        }

        var rootName = root.IdType == NodeIdType.String ? (string)root.Identifier : Folder.BrowseName;
        space.AddFolder(WellKnownNodes.ObjectsFolder, root, new QualifiedName(ns, Folder.BrowseName));
        var observations = space.AddFolder(root, new Types.NodeId($"{rootName}.Observations", ns), new QualifiedName(ns, "Observations"));
        var actions = space.AddFolder(root, new Types.NodeId($"{rootName}.Actions", ns), new QualifiedName(ns, "Actions"));
        var result = new Dictionary<string, UaVariableNode>(StringComparer.Ordinal);
        foreach (var tag in Tags)
        {
            var id = Types.NodeId.Parse(tag.NodeId);
            if (id.NamespaceIndex != ns)
            {
                throw new InvalidDataException($"tag '{tag.Name}' {tag.NodeId} names namespace {id.NamespaceIndex} but {NamespaceUri} has index {ns}");
            }

            var parent = tag.IsAction ? actions.NodeId : observations.NodeId;
            result[tag.Name] = space.AddVariable(parent, id, new QualifiedName(ns, tag.Name), ToVariant(tag, tag.Initial),
                writable: tag.Writable ?? tag.IsAction,
                range: tag.Min is { } min && tag.Max is { } max ? (min, max) : null,
                displayName: tag.DisplayName, description: tag.Description);
        }

        return result;
    }
}
