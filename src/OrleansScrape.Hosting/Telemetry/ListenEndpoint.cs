using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OrleansScrape.Hosting.Telemetry;

/// <summary>
/// Where a listener of its own (a health check, a Prometheus pull reader) binds, from the Collector's
/// forms: an IP address (IPv6 with or without brackets), <c>localhost</c>, or an empty host, which in Go
/// means every interface (<c>:13133</c>, or <c>${env:MY_POD_IP}:13133</c> with the variable unset).
/// </summary>
internal readonly record struct ListenEndpoint(IPAddress? Address, bool IsLocalhost, int Port)
{
    /// <summary>An empty host: every interface, IPv6 and IPv4 where the machine has both.</summary>
    public bool IsAllInterfaces => Address is null && !IsLocalhost;

    /// <summary>Parses <c>host:port</c>.</summary>
    public static bool TryParse(string? text, out ListenEndpoint endpoint, out string error)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an endpoint is host:port, for example localhost:13133 or 0.0.0.0:13133";
            return false;
        }
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"\"{text}\" has no port; an endpoint is host:port, for example localhost:13133";
            return false;
        }
        var host = text[..colon];
        if (host.Contains(':') && !(host.StartsWith('[') && host.EndsWith(']')))
        {
            error = $"\"{text}\": write an IPv6 address in brackets, for example [::1]:13133";
            return false;
        }
        if (!TryParsePort(text[(colon + 1)..], out var port))
        {
            error = $"\"{text[(colon + 1)..]}\" in \"{text}\" is not a port (0 to 65535)";
            return false;
        }
        return TryCreate(host, port, out endpoint, out error);
    }

    /// <summary>A host (IP address, <c>[IPv6]</c>, <c>localhost</c> or empty) and a port, as a pull reader's <c>host</c> and <c>port</c>.</summary>
    public static bool TryCreate(string host, int port, out ListenEndpoint endpoint, out string error)
    {
        endpoint = default;
        error = "";
        if (port is < 0 or > 65535)
        {
            error = $"{port} is not a port (0 to 65535)";
            return false;
        }
        var bare = host.Length > 2 && host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (bare.Length == 0)
        {
            endpoint = new ListenEndpoint(null, false, port);
            return true;
        }
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = new ListenEndpoint(null, true, port);
            return true;
        }
        if (!IPAddress.TryParse(bare, out var address))
        {
            error = $"\"{host}\" is not an IP address or localhost (host names other than localhost are not resolved here)";
            return false;
        }
        endpoint = new ListenEndpoint(address, false, port);
        return true;
    }

    /// <summary>
    /// Adds the listener to Kestrel. <c>localhost</c> binds both loopbacks; with port 0 (any free port)
    /// Kestrel cannot bind both to one port, so it takes 127.0.0.1 alone.
    /// </summary>
    public ListenOptions? Listen(KestrelServerOptions kestrel)
    {
        ListenOptions? listener = null;
        if (IsLocalhost && Port != 0)
        {
            kestrel.ListenLocalhost(Port, o => listener = o);
        }
        else if (IsAllInterfaces)
        {
            kestrel.ListenAnyIP(Port, o => listener = o);
        }
        else
        {
            kestrel.Listen(new IPEndPoint(IsLocalhost ? IPAddress.Loopback : Address!, Port), o => listener = o);
        }
        return listener;
    }

    public override string ToString() =>
        IsLocalhost ? $"localhost:{Port}"
        : IsAllInterfaces ? $":{Port}"
        : Address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
}
