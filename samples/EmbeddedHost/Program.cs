// An existing Orleans application that also runs OrleansScrape in its silo.
using OrleansScrape.Hosting;
using OrleansScrape.Hosting.Configuration;

var settings = OrleansScrapeConfigReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "orleans-scrape.yaml"));

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:8090");
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(siloPort: 11112, gatewayPort: 30001);
    silo.AddMemoryGrainStorageAsDefault();
    // The application's own grains are registered as usual; OrleansScrape adds its role, placement and grains.
    silo.AddOrleansScrape(settings);
});

var app = builder.Build();
app.MapGet("/", () => "An application that embeds OrleansScrape: see /metrics, /readyz and /dashboard/.");
app.MapOrleansScrape();
app.Run();
