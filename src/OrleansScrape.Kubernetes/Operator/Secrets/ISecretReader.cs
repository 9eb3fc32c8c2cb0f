namespace OrleansScrape.Kubernetes.Operator.Secrets;

/// <summary>
/// Reads the Secrets and ConfigMaps custom resources refer to for credentials and TLS material.
/// Values come back decoded (a Secret's base64 <c>data</c> as UTF-8 text). Null means the object
/// does not exist; any other failure throws.
/// </summary>
public interface ISecretReader
{
    Task<IReadOnlyDictionary<string, string>?> ReadSecretAsync(string @namespace, string name, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>?> ReadConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken);
}
