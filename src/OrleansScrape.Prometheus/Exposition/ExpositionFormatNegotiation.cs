namespace OrleansScrape.Prometheus.Exposition;

/// <summary>Chooses the parser for a scrape response from its Content-Type, as Prometheus does.</summary>
public static class ExpositionFormatNegotiation
{
    extension(ExpositionFormat)
    {
        /// <summary>
        /// The format of a response with Content-Type <paramref name="contentType"/>:
        /// <c>application/openmetrics-text</c> is OpenMetrics (version 0.0.1 or else 1.0.0, the
        /// default the standard names), <c>text/plain</c> is the text format, and a missing,
        /// malformed or unknown type falls back to the text format.
        /// </summary>
        public static ExpositionFormat FromContentType(string? contentType) =>
            FromContentType(contentType, ExpositionFormat.TextPlain004);

        /// <summary>
        /// As <see cref="FromContentType(string?)"/>, with <paramref name="fallback"/> for a missing,
        /// malformed or unknown type (a job's <c>fallback_scrape_protocol</c>, see <see cref="ScrapeProtocols.Format"/>).
        /// </summary>
        public static ExpositionFormat FromContentType(string? contentType, ExpositionFormat fallback)
        {
            if (string.IsNullOrWhiteSpace(contentType))
            {
                return fallback;
            }
            var parts = contentType.Split(';');
            var mediaType = parts[0].Trim();
            if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                return ExpositionFormat.TextPlain004;
            }
            if (!mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
            {
                return fallback;
            }
            foreach (var parameter in parts.AsSpan(1))
            {
                var equals = parameter.IndexOf('=');
                if (equals > 0
                    && parameter.AsSpan(0, equals).Trim().Equals("version", StringComparison.OrdinalIgnoreCase)
                    && parameter.AsSpan(equals + 1).Trim().Trim('"').SequenceEqual("0.0.1"))
                {
                    return ExpositionFormat.OpenMetrics001;
                }
            }
            return ExpositionFormat.OpenMetrics100;
        }
    }
}
