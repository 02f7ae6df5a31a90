using System.Buffers.Binary;
using IndustrialSafeRL.OpcUa.Encoding;
using IndustrialSafeRL.OpcUa.Types;

namespace IndustrialSafeRL.OpcUa.Tests.Fuzz;

/// <summary>Seeded input generator: mutations of real messages, truncations, absurd lengths, random bytes, deep nesting.</summary>
internal sealed class Mutator(int seed)
{
    private static readonly int[] AbsurdLengths = [int.MaxValue, int.MinValue, -2, -1, 0x40000000, 0x7FFFFFF0, 65_537, 1 << 20, 16 << 20, 0xFFFF];
    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>Seed: ISRL_FUZZ_SEED when set (to explore), else the fixed CI seed.</summary>
    public static int Seed(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("ISRL_FUZZ_SEED"), out var n) ? n : ciDefault;

    /// <summary>Iterations: ISRL_FUZZ_ITERATIONS when set, else the CI default.</summary>
    public static int Iterations(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("ISRL_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : ciDefault;

    public byte[] Mutate(byte[] source, int skipPrefix = 0)
    {
        var data = source.ToArray();
        var op = _random.Next(10);
        var editable = Math.Max(1, data.Length - skipPrefix);
        int Pos() => skipPrefix + _random.Next(editable);
        switch (op)
        {
            case 0:
                for (var i = _random.Next(1, 9); i > 0 && data.Length > skipPrefix; i--)
                {
                    var p = Pos();
                    data[p] ^= (byte)(1 << _random.Next(8));
                }

                return data;
            case 1:
                for (var i = _random.Next(1, 5); i > 0 && data.Length > skipPrefix; i--)
                {
                    data[Pos()] = (byte)_random.Next(256);
                }

                return data;
            case 2:
                return data[..Math.Min(data.Length, skipPrefix + _random.Next(editable))];
            case 3:
                {
                    var p = Math.Min(data.Length, Pos());
                    var extra = new byte[_random.Next(1, 16)];
                    _random.NextBytes(extra);
                    return [.. data[..p], .. extra, .. data[p..]];
                }

            case 4:
            case 5:
                if (data.Length - skipPrefix >= 4)
                {
                    var p = skipPrefix + _random.Next(data.Length - skipPrefix - 3);
                    BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(p), AbsurdLengths[_random.Next(AbsurdLengths.Length)]);
                }

                return data;
            case 6:
                {
                    var p = Math.Min(data.Length, Pos());
                    var q = Math.Min(data.Length, p + _random.Next(1, 64));
                    return [.. data[..q], .. data[p..]];
                }

            case 7:
                {
                    var random = new byte[_random.Next(0, 256)];
                    _random.NextBytes(random);
                    return [.. data[..Math.Min(data.Length, skipPrefix)], .. random];
                }

            default:
                {
                    // Splice a hostile nested structure into the middle of the message.
                    var p = Math.Min(data.Length, Pos());
                    var nested = Nested(_random.Next(3), _random.Next(50, 5000));
                    return [.. data[..p], .. nested, .. data[p..]];
                }
        }
    }

    /// <summary>Deep nesting: Variant arrays of Variants, DiagnosticInfo chains, DataValues in Variants.</summary>
    public static byte[] Nested(int kind, int depth)
    {
        var w = new UaBinaryWriter(16);
        if (kind == 1)
        {
            w.WriteByte((byte)BuiltInType.DiagnosticInfo);
        }

        for (var i = 0; i < depth; i++)
        {
            switch (kind)
            {
                case 0:
                    w.WriteByte((byte)(0x80 | (byte)BuiltInType.Variant));
                    w.WriteInt32(1);
                    break;
                case 1:
                    w.WriteByte(0x40);
                    break;
                default:
                    w.WriteByte((byte)BuiltInType.DataValue);
                    w.WriteByte(0x01);
                    break;
            }
        }

        w.WriteByte(0);
        return w.WrittenSpan.ToArray();
    }
}
