using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ModelRegistry;

/// <summary>
/// A model with fallback models (<c>fallbacks</c> in its profile or the overlay): a call goes to the model first; when
/// it fails before its first token as a route failure would (every route failed, cooled down, full, or too small for
/// the prompt, see <see cref="FallsBack"/>), the next model is tried, in order, each with its own routes, limits and
/// circuits. A stream that has passed content to the caller is committed, as a route's is. The answer names the model
/// that served it under <see cref="RoutedCallInfo.ServedModelKey"/>.
/// </summary>
internal sealed class ModelFallbackChatClient : IChatClient
{
    private readonly FallbackModel[] _models;
    private readonly ILogger _logger;

    /// <param name="models">The model itself first, then its fallbacks in order.</param>
    /// <param name="logger">Where falling back to another model is logged.</param>
    public ModelFallbackChatClient(FallbackModel[] models, ILogger logger)
    {
        _models = models;
        _logger = logger;
    }

    /// <summary>The model's id, then its fallbacks'.</summary>
    public IEnumerable<string> ModelIds => _models.Select(m => m.Id);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = messages as IList<ChatMessage> ?? messages.ToList();
        var failures = new List<Exception>();
        for (int i = 0; ; i++)
        {
            try
            {
                ChatResponse response = await _models[i].Client.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
                Served(i);
                (response.AdditionalProperties ??= [])[RoutedCallInfo.ServedModelKey] = _models[i].Id;
                return response;
            }
            catch (Exception exception) when (FallsBack(exception, cancellationToken))
            {
                failures.Add(exception);
                if (i == _models.Length - 1)
                {
                    ExceptionDispatchInfo.Throw(Final(failures));
                }

                FallingBack(i, exception);
            }
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = messages as IList<ChatMessage> ?? messages.ToList();
        var failures = new List<Exception>();
        StreamOpening opening = default;
        int served = -1;
        for (int i = 0; served < 0; i++)
        {
            // Read until the first content, as a route's stream is: until then another model may still answer.
            RouteCallResult<StreamOpening> result = await StreamRouteCall.Instance.SendAsync(
                _models[i].Client, new ChatRouteRequest(history, options), cancellationToken, cancellationToken).ConfigureAwait(false);
            if (result.Failure is not { } failure)
            {
                opening = result.Value;
                served = i;
                break;
            }

            await StreamRouteCall.Instance.DiscardAsync(result.Value).ConfigureAwait(false);
            if (!FallsBack(failure.SourceException, cancellationToken))
            {
                failure.Throw();
            }

            failures.Add(failure.SourceException);
            if (i == _models.Length - 1)
            {
                ExceptionDispatchInfo.Throw(Final(failures));
            }

            FallingBack(i, failure.SourceException);
        }

        Served(served);
        string id = _models[served].Id;
        await using IAsyncEnumerator<ChatResponseUpdate> stream = opening.Stream;
        bool first = true;
        foreach (ChatResponseUpdate update in opening.Buffered)
        {
            Stamp(update, id, ref first);
            yield return update;
        }

        bool more = opening.HasMore;
        while (more && (more = await stream.MoveNextAsync().ConfigureAwait(false)))
        {
            ChatResponseUpdate update = stream.Current;
            Stamp(update, id, ref first);
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : _models[0].Client.GetService(serviceType, serviceKey);
    }

    public void Dispose()
    {
        foreach (FallbackModel model in _models)
        {
            if (model.Owned)
            {
                model.Client.Dispose();
            }
        }
    }

    /// <summary>Whether another model may answer where this one failed: the same failures that move a call to another
    /// route, a model whose routes were all unavailable or full, and a prompt too large for all of them. A request
    /// error (4xx other than a refused key or a limit) or the caller's cancellation ends the call.</summary>
    internal static bool FallsBack(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        (exception is NoRouteAvailableException or RateLimitExceededException or ContextWindowExceededException ||
         UpstreamFailure.IsRouteFailure(exception, cancellationToken));

    /// <summary>The failure thrown when no model answered: the last one that is not about the prompt's size (a model
    /// whose routes were down says more than one that was too small), else the last.</summary>
    private static Exception Final(List<Exception> failures) =>
        failures.LastOrDefault(f => f is not ContextWindowExceededException) ?? failures[^1];

    /// <summary>The served model goes on the first update and on the one carrying the usage (where the route and cost are).</summary>
    private static void Stamp(ChatResponseUpdate update, string id, ref bool first)
    {
        bool usage = false;
        IList<AIContent> contents = update.Contents;
        for (int i = 0; i < contents.Count && !usage; i++)
        {
            usage = contents[i] is UsageContent;
        }

        if (first || usage)
        {
            (update.AdditionalProperties ??= [])[RoutedCallInfo.ServedModelKey] = id;
            first = false;
        }
    }

    private void FallingBack(int failed, Exception exception)
    {
        string reason = exception switch
        {
            ContextWindowExceededException => "the prompt is too large for its routes",
            NoRouteAvailableException => "every route is cooling down or paused",
            RateLimitExceededException => "every route is rate limited and its queue is full",
            ChatProviderException { StatusCode: { } status } => $"its last route failed with HTTP {(int)status}",
            _ => $"its last route failed ({exception.GetType().Name})",
        };
        RoutingLog.FallingBackToModel(_logger, _models[failed].Id, _models[failed + 1].Id, reason);
        if (RoutingTelemetry.ModelFallbacks.Enabled)
        {
            RoutingTelemetry.ModelFallbacks.Add(1, new("model", _models[failed].Id), new("fallback", _models[failed + 1].Id));
        }
    }

    private void Served(int index) => Activity.Current?.SetTag("modelregistry.served_model", _models[index].Id);
}

/// <summary>One model of a fallback chain: its canonical id, its client, and whether the chain disposes it (a host's
/// shared client is borrowed).</summary>
internal readonly record struct FallbackModel(string Id, IChatClient Client, bool Owned);
