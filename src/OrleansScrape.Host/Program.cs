using OrleansScrape.Host;

return await CommandLine.Build().Parse(args).InvokeAsync();
