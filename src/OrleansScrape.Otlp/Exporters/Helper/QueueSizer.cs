namespace OrleansScrape.Otlp.Exporters.Helper;

/// <summary>What a sending queue (<c>sending_queue.sizer</c>) or its batch stage (<c>sending_queue.batch.sizer</c>) counts.</summary>
public enum QueueSizer
{
    /// <summary><c>requests</c>: each request handed to the sender counts one, whatever its size.</summary>
    Requests,

    /// <summary><c>items</c>: data points.</summary>
    Items,

    /// <summary><c>bytes</c>: the request's size as encoded OTLP protobuf (see <see cref="Encoders.OtlpRequestSize"/>).</summary>
    Bytes,
}
