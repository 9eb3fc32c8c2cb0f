using OrleansScrape.Configuration;

namespace OrleansScrape.Processing;

/// <summary>A processor type: reads its section and creates one processor per series grain.</summary>
public interface IProcessorFactory : IComponentFactory
{
    /// <summary>
    /// A processor for one series grain; each grain gets its own because processors own the state
    /// of that grain's series. <paramref name="options"/> is what <see cref="IComponentFactory.ReadOptions"/> returned.
    /// </summary>
    IMetricsProcessor Create(ComponentId id, object options, ProcessorServices services);
}
