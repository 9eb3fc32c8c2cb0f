namespace OrleansScrape.Hosting.Runtime;

/// <summary>This silo's readiness as <c>/readyz</c> reports it: the silo is up and discovery has loaded.</summary>
public sealed class ScrapeReadiness
{
    private volatile string _reason = "the silo is starting";
    private volatile bool _ready;

    public bool IsReady => _ready;

    public string Reason => _reason;

    internal void Set(bool ready, string reason)
    {
        _reason = reason;
        _ready = ready;
    }
}
