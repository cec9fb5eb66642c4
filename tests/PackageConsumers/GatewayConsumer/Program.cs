using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using ModelRegistry;

// The gateway library in a minimal web app: start on a free loopback port, ask our own /v1/models, print what it lists,
// then where /health says the gateway's state lives.
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
// Gateway:Redis through the ModelRegistry.Gateway.Redis package; nothing listens on port 9, so the store answers from
// this process meanwhile, but /health names it (without the call below, the start would fail instead).
builder.Configuration["Gateway:Redis"] = "127.0.0.1:9";
builder.Services.AddModelRegistryGatewayRedis();
builder.Services.AddModelRegistryGateway(AcmeModels.Registry);

await using WebApplication app = builder.Build();
app.MapModelRegistryGateway();
await app.StartAsync();

string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
using JsonDocument models = JsonDocument.Parse(await http.GetStringAsync(address + "/v1/models"));
foreach (JsonElement model in models.RootElement.GetProperty("data").EnumerateArray())
{
    Console.WriteLine($"{model.GetProperty("id").GetString()} context_length={model.GetProperty("context_length").GetInt32()}");
}

using JsonDocument health = JsonDocument.Parse(await http.GetStringAsync(address + "/health"));
Console.WriteLine($"state={health.RootElement.GetProperty("state").GetProperty("backend").GetString()}");

await app.StopAsync();

[ModelProvider("acme", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
internal static partial class AcmeModels
{
}
