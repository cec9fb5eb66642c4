using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Benchmarks.Gateway;

/// <summary>
/// The floor of the gateway load test: YARP (<c>Yarp.ReverseProxy</c>), a production reverse proxy that forwards bytes,
/// configured the plainest way — one route <c>/{**catch-all}</c> to one cluster whose only destination is the upstream,
/// HTTP/1.1 to it, and no transforms beyond YARP's defaults. It runs as its own process (<c>gateway-load-yarp</c>), like
/// the gateway, so both pay the same process boundaries; what the gateway adds over it is what parsing costs.
/// </summary>
public static class YarpProxy
{
    /// <summary>Serves on <paramref name="listenUrl"/> until the process is stopped, forwarding every request to <paramref name="upstream"/>'s origin.</summary>
    public static async Task RunAsync(string listenUrl, Uri upstream)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(listenUrl);
        RouteConfig route = new()
        {
            RouteId = "all",
            ClusterId = "upstream",
            Match = new RouteMatch { Path = "/{**catch-all}" },
        };
        ClusterConfig cluster = new()
        {
            ClusterId = "upstream",
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["upstream"] = new() { Address = upstream.GetLeftPart(UriPartial.Authority) },
            },
            // The upstream speaks HTTP/1.1 on plain TCP, as the gateway's client and the minimal proxy do: no HTTP/2 attempt.
            HttpRequest = new ForwarderRequestConfig { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
        };
        builder.Services.AddReverseProxy().LoadFromMemory([route], [cluster]);
        WebApplication app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync().ConfigureAwait(false);
    }
}
