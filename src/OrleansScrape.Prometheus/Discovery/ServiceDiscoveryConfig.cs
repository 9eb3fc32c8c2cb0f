namespace OrleansScrape.Prometheus.Discovery;

/// <summary>
/// One configured entry of a <c>*_sd_configs</c> list: its kind and the kind's settings. Created by the
/// kind (<see cref="ServiceDiscoveryKind{TConfig}.Entry"/>), so the settings always are the kind's type.
/// </summary>
public sealed record ServiceDiscoveryConfig
{
    internal ServiceDiscoveryConfig(IServiceDiscoveryKind kind, object config)
    {
        Kind = kind;
        Config = config;
    }

    public IServiceDiscoveryKind Kind { get; }

    /// <summary>The kind's settings (<see cref="FileSdConfig"/>, <see cref="KubernetesSdConfig"/> ...).</summary>
    public object Config { get; }

    public ITargetDiscoverer CreateDiscoverer(DiscovererContext context) => Kind.CreateDiscoverer(this, context);
}
