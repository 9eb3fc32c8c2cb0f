# The orleans-scrape image for those without the .NET SDK's container publishing
# (`dotnet publish src/OrleansScrape.Host -c Release -t:PublishContainer` builds the same image).
#   docker build -t orleans-scrape:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/OrleansScrape.Host -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled
WORKDIR /app
COPY --from=build /out .
# The base image's non-root user (uid 1654), as the chart's securityContext expects.
USER app
# HTTP (allocator API, /metrics, dashboard), silo, gateway, OTLP gRPC and HTTP.
EXPOSE 8080 11111 30000 4317 4318
ENTRYPOINT ["dotnet", "orleans-scrape.dll"]
