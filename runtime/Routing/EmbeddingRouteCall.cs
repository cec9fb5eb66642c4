using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>An embedding call: the inputs and the caller's options.</summary>
internal readonly record struct EmbeddingRouteRequest(IReadOnlyList<string> Inputs, EmbeddingGenerationOptions? Options);

/// <summary>
/// An embedding call on one route, for <see cref="RouteAttemptExecutor{TClient}"/>: the route's whole answer, bounded as
/// a non-streamed chat call is. An embedding has no output tokens, so a rate-limited route reserves the input estimate only.
/// </summary>
internal sealed class EmbeddingRouteCall : IRouteCall<IEmbeddingGenerator<string, Embedding<float>>, EmbeddingRouteRequest, GeneratedEmbeddings<Embedding<float>>>
{
    public static readonly EmbeddingRouteCall Instance = new();

    public bool Streaming => false;

    public EmbeddingRouteRequest ForRoute(RouteState route, EmbeddingRouteRequest request) => request;

    public long OutputReservation(EmbeddingRouteRequest routeRequest, ModelProfile? profile) => 0;

    public ValueTask<RouteCallResult<GeneratedEmbeddings<Embedding<float>>>> SendAsync(
        IEmbeddingGenerator<string, Embedding<float>> client, EmbeddingRouteRequest request, CancellationToken routeToken, CancellationToken callerToken) =>
        RouteCallResult.Of(client.GenerateAsync(request.Inputs, request.Options, routeToken));

    public ValueTask DiscardAsync(GeneratedEmbeddings<Embedding<float>> value) => default;
}
