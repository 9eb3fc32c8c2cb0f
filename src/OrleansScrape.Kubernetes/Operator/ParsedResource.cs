using OrleansScrape.Kubernetes.Operator.Resources;

namespace OrleansScrape.Kubernetes.Operator;

/// <summary>
/// What a watcher keeps per custom resource: the parsed resource, or why it could not be parsed
/// (with its metadata when that much was readable, so selection still applies to it).
/// </summary>
public sealed record ParsedResource<T>(ResourceMetadata? Metadata, T? Resource, string? Error)
    where T : class
{
    /// <summary>Parses one object; never throws, so one bad resource cannot stop a watch.</summary>
    public static ParsedResource<T> From(System.Text.Json.JsonElement json, Func<System.Text.Json.JsonElement, T> parse, Func<T, ResourceMetadata> metadataOf)
    {
        try
        {
            var resource = parse(json);
            return new ParsedResource<T>(metadataOf(resource), resource, null);
        }
        // Any failure, not only the expected ones: one resource must never stop the watch of the others.
        catch (Exception e)
        {
            ResourceMetadata? metadata = null;
            try
            {
                metadata = CustomResourceParser.ParseMetadata(json);
            }
            catch (CustomResourceException)
            {
            }
            return new ParsedResource<T>(metadata, null, e.Message);
        }
    }
}
