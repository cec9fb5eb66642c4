using System.Text.Json;

namespace ModelRegistry.Gateway;

/// <summary><c>GET /v1/providers</c>: every provider the registry knows (declared and built-in), without keys.</summary>
internal static class ProvidersEndpoint
{
    /// <summary>Answers one <c>GET /v1/providers</c> request.</summary>
    public static async Task HandleAsync(HttpContext context)
    {
        IModelRegistry registry = context.RequestServices.GetRequiredService<ModelCatalog>().Registry;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, GatewayJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (ProviderInfo provider in registry.Providers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", provider.Name);
            writer.WriteString("kind", provider.Kind ?? "custom");
            if (provider.BaseUrl is { } baseUrl)
            {
                writer.WriteString("base_url", baseUrl);
            }
            else
            {
                writer.WriteNull("base_url");
            }

            writer.WriteBoolean("local", provider.IsLocal);
            writer.WriteBoolean("built_in", provider.IsBuiltIn);
            writer.WriteString("environment_prefix", provider.EnvironmentPrefix);
            writer.WriteStartArray("models");
            foreach (string model in provider.Models)
            {
                writer.WriteStringValue(model);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
