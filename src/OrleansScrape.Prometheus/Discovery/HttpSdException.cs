namespace OrleansScrape.Prometheus.Discovery;

/// <summary>An http_sd fetch that got an answer Prometheus would not accept (status, content type, timeout).</summary>
public sealed class HttpSdException(string message) : Exception(message);
