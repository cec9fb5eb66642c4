using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry;

/// <summary>The client's side of the byte pass-through (<see cref="IChatForwardingClient"/>): a caller's body sent on with
/// this client's model id, over the same transport (retries, limits, headers, key) and with the same typed failures.</summary>
public sealed partial class OpenAICompatibleChatClient : IChatForwardingClient
{
    /// <inheritdoc/>
    bool IChatForwardingClient.CanForward(ChatRequestHead head)
    {
        CompatibilityOptions compatibility = _configuration.Compatibility;
        ChatModelSettings? settings = _configuration.Settings;
        if (!head.Forwardable || _wireFormat is not ChatCompletionsWireFormat || !string.IsNullOrEmpty(compatibility.ReasoningTag) ||
            settings is { ExtraBody.Count: > 0 } ||
            // A default of the settings would be added to the request.
            settings?.Temperature is not null && !head.Has(RequestParameters.Temperature) ||
            settings?.MaxTokens is not null && head.MaxTokens is null)
        {
            return false;
        }

        if (head.MaxTokens is { } maxTokens)
        {
            // The limit must already be under the provider's own name, and within the profile's limit (else it is clamped).
            RequestParameters field = compatibility.MaxTokensField == MaxTokensField.MaxCompletionTokens
                ? RequestParameters.MaxCompletionTokens
                : RequestParameters.MaxTokens;
            if (!head.Has(field) || _configuration.Profile?.MaxOutputTokens is { } limit && maxTokens > limit)
            {
                return false;
            }
        }

        if (head.ToolChoice is { } toolChoice && (compatibility.SupportedToolChoice & toolChoice) == 0 ||
            head.Has(RequestParameters.JsonObjectFormat) && (compatibility.SupportedResponseFormat & ResponseFormatSupport.JsonMode) == 0)
        {
            return false;
        }

        return ListsEveryParameter(head);
    }

    /// <summary>Whether the profile's <c>supported_params</c> (when it lists any and dropping is on) lists every parameter
    /// the request sets: an unlisted one is dropped by <see cref="RequestResolver"/>.</summary>
    private bool ListsEveryParameter(ChatRequestHead head)
    {
        if (_configuration.Profile is not { SupportedParams.IsDefaultOrEmpty: false } profile || _configuration.Settings is { DropUnsupportedParameters: false })
        {
            return true;
        }

        bool Lists(string parameter) => profile.SupportedParams.Contains(parameter, StringComparer.Ordinal);
        return (!head.Has(RequestParameters.Temperature) || Lists("temperature")) &&
            (!head.Has(RequestParameters.TopP) || Lists("top_p")) &&
            (head.MaxTokens is null || Lists("max_tokens") || Lists("max_completion_tokens")) &&
            (!head.Has(RequestParameters.Stop) || Lists("stop")) &&
            (!head.Has(RequestParameters.Seed) || Lists("seed")) &&
            (!head.Has(RequestParameters.FrequencyPenalty) || Lists("frequency_penalty")) &&
            (!head.Has(RequestParameters.PresencePenalty) || Lists("presence_penalty")) &&
            (!head.Has(RequestParameters.ReasoningEffort) || Lists("reasoning_effort")) &&
            (!head.Has(RequestParameters.Tools) || Lists("tools")) &&
            (!head.Has(RequestParameters.ToolChoice) || Lists("tool_choice"));
    }

    /// <inheritdoc/>
    async Task<ForwardedAnswer> IChatForwardingClient.ForwardAsync(ForwardedChatRequest request, CancellationToken cancellationToken)
    {
        PooledBufferWriter body = request.WriteFor(_configuration.RequestModel, stream: false, includeUsage: false);
        ProviderAnswer answer = await _transport.SendAsync(HttpMethod.Post, _wireFormat.Path, body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        body.Return();
        AnswerHead? head;
        try
        {
            head = ChatCompletionAnswerScanner.Scan(answer.Body);
        }
        catch (JsonException exception)
        {
            answer.Release();
            throw NotTheExpectedJson(exception, answer.RequestId);
        }

        if (head is not null)
        {
            return new ForwardedAnswer(answer.Buffer, head);
        }

        // Not an answer to forward as it is: read as GetResponseAsync reads it, and written again by the caller.
        try
        {
            return new ForwardedAnswer(_wireFormat.ReadResponse(answer.BodyMemory, Resolve(null), answer.RequestId));
        }
        catch (JsonException exception)
        {
            throw NotTheExpectedJson(exception, answer.RequestId);
        }
        finally
        {
            answer.Release();
        }
    }

    /// <inheritdoc/>
    IAsyncEnumerable<ChatCompletionBatch> IChatForwardingClient.ForwardEventsAsync(ForwardedChatRequest request, CancellationToken cancellationToken) =>
        StreamEventsAsync(history: null, options: null, request, cancellationToken);
}
