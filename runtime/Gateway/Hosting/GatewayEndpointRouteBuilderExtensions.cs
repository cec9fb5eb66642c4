using ModelRegistry.Gateway;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Serves the OpenAI-compatible gateway (<see cref="MapModelRegistryGateway"/>).</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Loads every model the gateway serves (a bad overlay or a model without a usable route throws here, before the
    /// server starts) and serves them: <c>POST /v1/chat/completions</c>, <c>POST /v1/embeddings</c> (models whose profile says
    /// <c>"kind": "embedding"</c>), <c>GET /v1/models</c>, <c>GET /v1/providers</c>
    /// and <c>GET /health</c> (and <c>GET /admin/usage</c> when <c>Gateway:AdminKey</c> is set, <c>GET /metrics</c> when
    /// <c>Gateway:Metrics</c> is on, with the ModelRegistry.Gateway.Prometheus package's <c>AddModelRegistryGatewayPrometheus()</c>).
    /// Call it right after <c>Build()</c>, before other middleware: it also adds the gateway's middleware first in the pipeline,
    /// so every answer of the application — the server's own 404 and 405, failures nothing caught, requests over the header
    /// limits — has OpenAI's error body, and, when <c>Gateway:ApiKeys</c> or <c>Gateway:Keys</c> is set, every <c>/v1</c>
    /// request needs one of the keys.
    /// </summary>
    /// <param name="app">The application; its services must hold <c>AddModelRegistryGateway</c>.</param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    /// <exception cref="ModelRegistry.ModelConfigurationException">The overlay is invalid, or a model cannot be loaded.</exception>
    /// <exception cref="InvalidOperationException"><c>AddModelRegistryGateway</c> was not called, a setting (such as a key of
    /// <c>Gateway:Keys</c>) is invalid (the message names its configuration path), or <c>Gateway:Redis</c> or
    /// <c>Gateway:Metrics</c> is set without its package's call (the message names the package and the call).</exception>
    /// <remarks>Middleware and endpoints come in one call because they belong together: the endpoints count on the error
    /// bodies and the key check in front of them, which must run before anything else in the pipeline.</remarks>
    public static WebApplication MapModelRegistryGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        GatewayOptions options = app.Services.GetService<GatewayOptions>()
            ?? throw new InvalidOperationException("Call services.AddModelRegistryGateway(registry) before app.MapModelRegistryGateway().");
        // Before any model loads: Gateway:Redis or Gateway:Metrics without their package's call stops the start.
        GatewayExtensionPackages.Check(options, app.Services);
        ModelCatalog catalog = app.Services.GetRequiredService<ModelCatalog>();
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ModelRegistry.Gateway");
        GatewayLog.Serving(logger, catalog.Models.Count, string.Join(", ", catalog.Ids));

        app.Use((context, next) =>
            RequestHeadLimits.Check(context) is { } tooLarge ? tooLarge.WriteResponseAsync(context) : ServerErrors.InvokeAsync(context, next, logger));

        GatewayKeys keys = app.Services.GetRequiredService<GatewayKeys>();
        if (keys.RequireClientKey || keys.HasAdminKey)
        {
            app.Use(new ApiKeyCheck(keys).InvokeAsync);
        }

        app.MapGet("/v1/models", ModelsEndpoint.HandleAsync);
        app.MapGet("/v1/providers", ProvidersEndpoint.HandleAsync);
        app.MapGet("/health", HealthEndpoint.HandleAsync);
        app.MapPost("/v1/chat/completions", app.Services.GetRequiredService<ChatCompletionsEndpoint>().HandleAsync);
        app.MapPost("/v1/embeddings", app.Services.GetRequiredService<EmbeddingsEndpoint>().HandleAsync);
        if (keys.HasAdminKey)
        {
            app.MapGet("/admin/usage", app.Services.GetRequiredService<AdminUsageEndpoint>().HandleAsync);
        }

        if (options.MetricsEnabled)
        {
            // ModelRegistry.Gateway.Prometheus (AddModelRegistryGatewayPrometheus); its presence was checked above.
            app.Services.GetRequiredService<IMetricsEndpoint>().Map(app);
        }

        return app;
    }
}
