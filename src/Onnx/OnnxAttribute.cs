namespace IndustrialSafeRL.Onnx;

/// <summary>A node attribute: a float, an integer, or lists of them.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>Attribute name, e.g. <c>transB</c>.</summary>
    public string Name { get; }

    /// <summary>Which value the attribute carries.</summary>
    public OnnxAttributeKind Kind { get; }

    /// <summary>The float value.</summary>
    public float FloatValue { get; private init; }

    /// <summary>The integer value.</summary>
    public long IntValue { get; private init; }

    /// <summary>The float list.</summary>
    public IReadOnlyList<float> Floats { get; private init; } = [];

    /// <summary>The integer list.</summary>
    public IReadOnlyList<long> Ints { get; private init; } = [];

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, OnnxAttributeKind.Float) { FloatValue = value };

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, OnnxAttributeKind.Int) { IntValue = value };

    /// <summary>A float-list attribute.</summary>
    public static OnnxAttribute FloatList(string name, params float[] values) => new(name, OnnxAttributeKind.Floats) { Floats = values };

    /// <summary>An integer-list attribute.</summary>
    public static OnnxAttribute IntList(string name, params long[] values) => new(name, OnnxAttributeKind.Ints) { Ints = values };
}

/// <summary>ONNX AttributeProto.AttributeType values for the kinds this writer emits.</summary>
public enum OnnxAttributeKind
{
    /// <summary>FLOAT.</summary>
    Float = 1,

    /// <summary>INT.</summary>
    Int = 2,

    /// <summary>FLOATS.</summary>
    Floats = 6,

    /// <summary>INTS.</summary>
    Ints = 7,
}
