namespace IndustrialSafeRL.OfflineTrainer.Checkpoints;

/// <summary>A flat binary file of named float arrays, written atomically (temp file + rename) so an
/// interruption leaves either the old or the new checkpoint, never half of one.</summary>
public static class TensorArchive
{
    private const int Magic = 0x4B435249; // "IRCK"

    /// <summary>Writes the arrays.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, float[][]> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var temp = path + ".tmp";
        using (var stream = File.Create(temp))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(groups.Count);
            foreach (var (name, arrays) in groups)
            {
                writer.Write(name);
                writer.Write(arrays.Length);
                foreach (var array in arrays)
                {
                    writer.Write(array.Length);
                    foreach (var v in array)
                    {
                        writer.Write(v);
                    }
                }
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads the arrays; a damaged file is refused with its path.</summary>
    public static Dictionary<string, float[][]> Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            if (reader.ReadInt32() != Magic)
            {
                throw new InvalidDataException($"{path} is not a trainer checkpoint");
            }

            var result = new Dictionary<string, float[][]>();
            var count = reader.ReadInt32();
            for (var g = 0; g < count; g++)
            {
                var name = reader.ReadString();
                var arrays = new float[reader.ReadInt32()][];
                for (var i = 0; i < arrays.Length; i++)
                {
                    arrays[i] = new float[reader.ReadInt32()];
                    for (var j = 0; j < arrays[i].Length; j++)
                    {
                        arrays[i][j] = reader.ReadSingle();
                    }
                }

                result[name] = arrays;
            }

            return result;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path} is truncated", e);
        }
    }
}
