using System.Net;

namespace OrleansScrape.Kubernetes.Api;

/// <summary>The API server answered with an error status; <see cref="StatusCode"/> says which (410 means the resourceVersion is gone).</summary>
public sealed class KubernetesApiException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public bool IsGone => StatusCode == HttpStatusCode.Gone;
}
