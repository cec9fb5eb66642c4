using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelRegistry;

// The registry in a Generic Host: the keyed client of the profiled model, with the endpoint that only appsettings.json
// (copied beside the program) sets, and the timeout the host read from it. Nothing is sent: the client is only resolved.
HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.AddModelRegistry(AcmeModels.Registry);
using IHost host = builder.Build();

IChatClient chat = host.Services.GetRequiredKeyedService<IChatClient>("acme:acme-chat-1");
Uri? endpoint = chat.GetService<ChatClientMetadata>()?.ProviderUri;
TimeSpan? timeout = host.Services.GetRequiredService<IOptions<ModelRegistryOptions>>().Value.Providers["acme"].Timeout;
Console.WriteLine($"acme:acme-chat-1 endpoint={endpoint} timeout={timeout?.TotalSeconds}s");
return 0;

[ModelProvider("acme", Kind = "openai-compatible", BaseUrl = "http://localhost:8000/v1")]
internal static partial class AcmeModels
{
}
