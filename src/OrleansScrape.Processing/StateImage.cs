using System.Buffers.Binary;

namespace OrleansScrape.Processing;

/// <summary>Little-endian helpers for processor state images: a format tag, then fixed-width fields.</summary>
internal static class StateImage
{
    public static void WriteKey(BinaryWriter writer, UInt128 key)
    {
        writer.Write((ulong)(key >> 64));
        writer.Write((ulong)key);
    }

    public static UInt128 ReadKey(BinaryReader reader)
    {
        var high = reader.ReadUInt64();
        var low = reader.ReadUInt64();
        return new UInt128(high, low);
    }

    public static void WriteBuckets(BinaryWriter writer, ulong[]? buckets, int count)
    {
        writer.Write(buckets is null ? -1 : count);
        for (var i = 0; buckets is not null && i < count; i++)
        {
            writer.Write(buckets[i]);
        }
    }

    /// <summary>Reads bucket counts into an array rented from the shared pool (null when none were saved).</summary>
    public static ulong[]? ReadBuckets(BinaryReader reader, out int count)
    {
        count = reader.ReadInt32();
        if (count < 0)
        {
            count = 0;
            return null;
        }
        var buckets = System.Buffers.ArrayPool<ulong>.Shared.Rent(Math.Max(count, 1));
        for (var i = 0; i < count; i++)
        {
            buckets[i] = reader.ReadUInt64();
        }
        return buckets;
    }

    public static void Expect(BinaryReader reader, uint tag, string what)
    {
        if (reader.BaseStream.Length < 4 || reader.ReadUInt32() != tag)
        {
            throw new InvalidDataException($"The saved state is not a {what} state of this version.");
        }
    }
}
