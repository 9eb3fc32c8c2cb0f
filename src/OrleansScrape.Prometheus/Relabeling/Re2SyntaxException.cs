namespace OrleansScrape.Prometheus.Relabeling;

/// <summary>A pattern RE2 refuses; the message is worded as Go's <c>regexp</c> package words it.</summary>
internal sealed class Re2SyntaxException(string message) : Exception(message);
