using System.IO.Hashing;
using System.Text;

namespace OrleansScrape.Otlp.Model;

/// <summary>
/// A stable identity of a resource: xxHash64 over its attributes sorted by key. Equal attribute
/// sets give equal keys whatever their order, so a resource always maps to the same series grain.
/// </summary>
public static class ResourceKey
{
    public static string Compute(ReadOnlySpan<Attribute> attributes)
    {
        var sorted = attributes.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var hash = new XxHash64();
        Span<byte> separator = [0xFF];
        foreach (var attribute in sorted)
        {
            hash.Append(Encoding.UTF8.GetBytes(attribute.Key));
            hash.Append(separator);
            hash.Append(Encoding.UTF8.GetBytes(attribute.Value));
            hash.Append(separator);
        }
        return hash.GetCurrentHashAsUInt64().ToString("x16");
    }
}
