using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Tests.Codec;

public sealed class BuiltInTypeTests
{
    private static byte[] Encode(Action<UaBinaryWriter> write)
    {
        var w = new UaBinaryWriter();
        write(w);
        return w.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData("i=85", "0055")]
    [InlineData("i=631", "01007702")]
    [InlineData("ns=2;i=70000", "020200701101" + "00")]
    [InlineData("ns=2;s=IB.Observation.velocity", "0302001700000049422e4f62736572766174696f6e2e76656c6f63697479")]
    [InlineData("ns=1;s=a=b;c", "030100050000006" + "13d623b63")]
    public void NodeIds_use_the_smallest_form_and_parse_back(string text, string hex)
    {
        var id = NodeId.Parse(text);
        var bytes = Encode(w => w.WriteNodeId(id));
        Assert.Equal(hex.ToUpperInvariant(), Convert.ToHexString(bytes));
        var r = new UaBinaryReader(bytes);
        Assert.Equal(id, r.ReadNodeId());
        Assert.Equal(text, id.ToString());
    }

    [Fact]
    public void Node_id_text_errors_name_the_problem()
    {
        Assert.False(NodeId.TryParse("ns=x;i=1", out _, out var e1));
        Assert.Contains("namespace", e1, StringComparison.Ordinal);
        Assert.False(NodeId.TryParse("q=1", out _, out var e2));
        Assert.Contains("expected i=<uint>, s=<string>", e2, StringComparison.Ordinal);
    }

    public static TheoryData<Variant> Variants() => new()
    {
        new Variant(true), new Variant((sbyte)-3), new Variant((byte)200), new Variant((short)-300), new Variant((ushort)60000),
        new Variant(-70000), new Variant(4_000_000_000u), new Variant(long.MinValue), new Variant(ulong.MaxValue),
        new Variant(1.5f), new Variant(double.NaN), new Variant("héllo"), new Variant((string?)null),
        new Variant(new DateTime(2026, 11, 23, 4, 0, 0, DateTimeKind.Utc)), new Variant(new byte[] { 1, 2, 3 }),
        new Variant(NodeId.Parse("ns=3;g=01234567-89ab-cdef-0123-456789abcdef")), new Variant(new QualifiedName(2, "x")),
        new Variant(new LocalizedText("en", "t")), Variant.FromStatusCode(StatusCodes.BadOutOfRange),
        new Variant(new[] { 1.0, 2.0 }, BuiltInType.Double), new Variant(new[] { "a", null }, BuiltInType.String),
        new Variant(new[] { new Variant(1), new Variant("x") }, BuiltInType.Variant),
        new Variant(new[] { 1, 2, 3, 4 }, BuiltInType.Int32, [2, 2]),
        new Variant(ExtensionObject.FromRaw(new NodeId(886), 1, new byte[16])),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_round_trips_byte_for_byte(Variant value)
    {
        var bytes = Encode(w => w.WriteVariant(value));
        var r = new UaBinaryReader(bytes);
        var decoded = r.ReadVariant();
        Assert.Equal(0, r.Remaining);
        Assert.Equal(value.Type, decoded.Type);
        Assert.Equal(value.IsArray, decoded.IsArray);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(Encode(w => w.WriteVariant(decoded))));
    }

    [Fact]
    public void Double_scalars_encode_and_decode_without_allocating()
    {
        var w = new UaBinaryWriter();
        var dv = new DataValue(new Variant(42.5), sourceTimestamp: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        w.WriteDataValue(dv);
        var bytes = w.WrittenSpan.ToArray();
        double sum = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            w.Reset();
            w.WriteDataValue(dv);
            var r = new UaBinaryReader(bytes);
            sum += r.ReadDataValue().Value.AsDouble();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(42_500, sum);
    }

    [Fact]
    public void Data_value_keeps_its_mask_and_picosecond_order()
    {
        // mask 0x3D: value, source ts, server ts, both picoseconds; picoseconds follow their own timestamp.
        var hex = "3D0B000000000000494085D58D2DFE7ADD01540B6004452EFE7ADD019001";
        var r = new UaBinaryReader(Convert.FromHexString(hex));
        var dv = r.ReadDataValue();
        Assert.Equal(0x0B54, dv.SourcePicoseconds);
        Assert.Equal(0x0190, dv.ServerPicoseconds);
        Assert.Equal(hex, Convert.ToHexString(Encode(w => w.WriteDataValue(dv))));
    }

    [Fact]
    public void Date_times_clamp_at_both_ends()
    {
        Assert.Equal(0, UaDateTime.ToWire(DateTime.MinValue));
        Assert.Equal(0, UaDateTime.ToWire(new DateTime(1500, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(long.MaxValue, UaDateTime.ToWire(DateTime.MaxValue));
        Assert.Equal(DateTime.MinValue, UaDateTime.FromWire(-5));
        Assert.Equal(DateTime.MaxValue, UaDateTime.FromWire(long.MaxValue));
        var t = new DateTime(2026, 11, 23, 4, 36, 48, DateTimeKind.Utc);
        Assert.Equal(t.ToFileTimeUtc(), UaDateTime.ToWire(t));
    }

    [Fact]
    public void Limits_reject_long_strings_and_arrays_naming_the_offset()
    {
        var limits = EncodingLimits.Default with { MaxStringLength = 4, MaxArrayLength = 2 };
        var s = Encode(w => w.WriteString("toolong"));
        var e = Assert.Throws<UaStatusException>(() => new UaBinaryReader(s, limits).ReadString());
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, e.StatusCode);
        Assert.Contains("byte 0", e.Message, StringComparison.Ordinal);

        var a = Encode(w => w.WriteVariant(new Variant(new[] { 1, 2, 3 }, BuiltInType.Int32)));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, Assert.Throws<UaStatusException>(() => new UaBinaryReader(a, limits).ReadVariant()).StatusCode);

        var invalidUtf8 = new byte[] { 2, 0, 0, 0, 0xC3, 0x28 };
        Assert.Equal(StatusCodes.BadDecodingError, Assert.Throws<UaStatusException>(() => new UaBinaryReader(invalidUtf8).ReadString()).StatusCode);
        var scalarVariantInVariant = new byte[] { 24, 0 };
        Assert.Equal(StatusCodes.BadDecodingError, Assert.Throws<UaStatusException>(() => new UaBinaryReader(scalarVariantInVariant).ReadVariant()).StatusCode);
    }

    [Fact]
    public void Null_and_empty_are_distinct()
    {
        Assert.Equal("FFFFFFFF", Convert.ToHexString(Encode(w => w.WriteString(null))));
        Assert.Equal("00000000", Convert.ToHexString(Encode(w => w.WriteString(string.Empty))));
        Assert.Equal("000000", Convert.ToHexString(Encode(w => w.WriteExtensionObject(ExtensionObject.Null))));
        Assert.Equal("00", Convert.ToHexString(Encode(w => w.WriteLocalizedText(default))));
        var r = new UaBinaryReader(Convert.FromHexString("FFFFFFFF00000000"));
        Assert.Null(r.ReadString());
        Assert.Equal(string.Empty, r.ReadString());
    }
}
