using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ModelRegistry.Tests.Client;
using ModelRegistry.Tests.Registry;

namespace ModelRegistry.Tests.Hosting;

/// <summary>
/// A resilience handler (Microsoft.Extensions.Http.Resilience) on a provider's named HttpClient retries inside each of the
/// library's attempts: with the provider's <c>MaxRetries</c> at 0 the handler alone retries, otherwise the two multiply.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ResilienceHandlerTests
{
    private const string Unavailable = "errors/llamacpp-503-loading-model.json";
    private const string TextAnswer = "chat-completions/vllm-crusoe-glm-5.2-reasoning-text.json";

    [Fact]
    public async Task With_MaxRetries_0_the_handler_alone_retries_a_failed_request()
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Fixtures.Reply(Unavailable, status: 503), Fixtures.Reply(TextAnswer));
        using ServiceProvider services = Build(server, maxRetries: "0");

        ChatResponse response = await services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b").GetResponseAsync(TestClients.Ask("hi"));

        Assert.Equal(RecordedAnswer.FromCompletion(Fixtures.Json(TextAnswer)).Content.ToString(), response.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("0", 4)]
    [InlineData("1", 8)]
    public async Task Each_of_the_librarys_attempts_is_retried_by_the_handler(string maxRetries, int expectedRequests)
    {
        using var environment = new EnvironmentScope();
        await using LoopbackProviderServer server = await LoopbackProviderServer.StartAsync(
            Enumerable.Range(0, 12).Select(_ => Fixtures.Reply(Unavailable, status: 503)).ToArray());
        using ServiceProvider services = Build(server, maxRetries);

        ChatProviderException exception = await Assert.ThrowsAsync<ChatProviderException>(
            () => services.GetRequiredKeyedService<IChatClient>("vllm:qwen3-4b").GetResponseAsync(TestClients.Ask("hi")));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        // The standard handler makes 4 attempts (1 + 3 retries) of each of the library's 1 + MaxRetries attempts.
        Assert.Equal(expectedRequests, server.Requests.Count);
    }

    private static ServiceProvider Build(LoopbackProviderServer server, string maxRetries)
    {
        Dictionary<string, string?> configuration = HostedServices.Vllm(server);
        configuration["ModelRegistry:Providers:vllm:MaxRetries"] = maxRetries;
        return HostedServices.Build(configuration, configureServices: services =>
        {
            services.AddHttpClient(ModelRegistryOptions.GetHttpClientName("vllm"))
                .AddStandardResilienceHandler(options =>
                {
                    // A model's answer can take minutes: the defaults (10 s an attempt, 30 s in all) suit ordinary APIs.
                    options.AttemptTimeout.Timeout = TimeSpan.FromMinutes(2);
                    options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(5);
                    options.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(4); // at least twice the attempt timeout
                    options.Retry.Delay = TimeSpan.Zero; // only here: the test does not wait between attempts
                });
        });
    }
}
