using OrleansScrape.Configuration;

namespace OrleansScrape.Processing;

/// <summary>The base of a processor factory: typed options in, a processor out.</summary>
public abstract class ProcessorFactory<TOptions> : ComponentFactory<TOptions>, IProcessorFactory
    where TOptions : class, IValidatedOptions
{
    public sealed override ComponentKind Kind => ComponentKind.Processor;

    public IMetricsProcessor Create(ComponentId id, object options, ProcessorServices services) =>
        Create((TOptions)options, services);

    protected abstract IMetricsProcessor Create(TOptions options, ProcessorServices services);
}
