namespace IndustrialSafeRL.OpcUa.Encoding;

/// <summary>A structure with a UA Binary encoding: fields in declared order, no names, no padding.</summary>
public interface IUaStructure
{
    /// <summary>Writes the fields.</summary>
    void Encode(UaBinaryWriter writer);

    /// <summary>Reads the fields.</summary>
    void Decode(ref UaBinaryReader reader);
}

/// <summary>A structure that travels on its own (message body or ExtensionObject body), identified by its binary encoding id.</summary>
public interface IEncodeable : IUaStructure
{
    /// <summary>The binary encoding NodeId (namespace 0).</summary>
    uint BinaryEncodingId { get; }
}
