using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;

namespace ModelRegistry.Gateway.Tests;

/// <summary>The gateway in process, with its configuration and (optionally) a routing overlay written for the test.</summary>
internal sealed class GatewayHost : WebApplicationFactory<Program>
{
    /// <summary>The variable the fallback overlay's OpenRouter route takes its key from (set once for the test process).</summary>
    public const string OpenRouterKeyVariable = "GATEWAY_TESTS_OPENROUTER_KEY";

    public const string OpenRouterKey = "or-test-key";

    private readonly Dictionary<string, string?> _settings;
    private readonly string? _overlayPath;

    static GatewayHost() => Environment.SetEnvironmentVariable(OpenRouterKeyVariable, OpenRouterKey);

    public GatewayHost(string? overlayJson = null, params (string Key, string Value)[] settings)
    {
        _settings = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        if (overlayJson is not null)
        {
            _overlayPath = Path.Combine(Path.GetTempPath(), $"gateway-overlay-{Guid.NewGuid():N}.json");
            File.WriteAllText(_overlayPath, overlayJson);
            _settings["Gateway:Overlay"] = _overlayPath;
        }
    }

    /// <summary>The overlay file written for the test (it may be edited while the gateway runs), or <see langword="null"/>.</summary>
    public string? OverlayPath => _overlayPath;

    /// <summary>Where the gateway's logs go, when a test reads them; else they are dropped.</summary>
    public ILoggerProvider? Logs { get; init; }

    /// <summary>An overlay that sends <c>local:assistant</c> to the given upstreams only (the offline route off).</summary>
    public static string Upstreams(Uri vllm, Uri? openRouter = null) => $$"""
        { "models": { "local:assistant": { "routes": {
            "local": { "enabled": false },
            "vllm": { "base_url": "{{vllm}}", "weight": 1, "provider_model_id": "served-qwen" },
            "openrouter": {{(openRouter is null
                ? """{ "enabled": false }"""
                : $$"""{ "base_url": "{{openRouter}}", "weight": 0, "api_key": "${{{OpenRouterKeyVariable}}}" }""")}} } } } }
        """;

    /// <summary>Like <see cref="Upstreams"/> with both routes: vLLM first, bounded by <paramref name="vllmTimeoutSeconds"/>,
    /// and OpenRouter the fallback, bounded by 5 s.</summary>
    public static string Fallback(Uri vllm, Uri openRouter, double vllmTimeoutSeconds) => $$"""
        { "models": { "local:assistant": { "routes": {
            "local": { "enabled": false },
            "vllm": { "base_url": "{{vllm}}", "weight": 1, "provider_model_id": "served-qwen", "timeout_seconds": {{vllmTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },
            "openrouter": { "base_url": "{{openRouter}}", "weight": 0, "api_key": "${{{OpenRouterKeyVariable}}}", "timeout_seconds": 5 } } } } }
        """;

    /// <summary>Replaces services of the gateway (such as its <see cref="TimeProvider"/>) after the host registered its own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public ChatClient Chat(string model = "local:assistant", string key = "no-key") =>
        new(model, new ApiKeyCredential(key), Options());

    public OpenAIClientOptions Options() => new()
    {
        Endpoint = new Uri(Server.BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(CreateClient()),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    };

    /// <summary>One named key's row of <c>GET /admin/usage?period=total</c>, read with <paramref name="adminKey"/>.</summary>
    public async Task<JsonElement> KeyUsageAsync(string adminKey, string key)
    {
        using HttpClient http = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/usage?period=total");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using HttpResponseMessage response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        JsonElement report = JsonDocument.Parse(body).RootElement.Clone();
        return Assert.Single(report.GetProperty("keys").EnumerateArray(), k => k.GetProperty("key").GetString() == key);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach ((string key, string? value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (Logs is not null)
            {
                logging.AddProvider(Logs);
            }
        });
        if (ConfigureServices is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_overlayPath is not null)
        {
            File.Delete(_overlayPath);
        }
    }
}
