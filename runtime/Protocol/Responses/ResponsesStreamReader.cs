using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.Responses;

/// <summary>
/// Turns a <c>/responses</c> event stream into updates, with or without <c>event:</c> lines (the event type is
/// read from each payload's <c>type</c>): text and reasoning deltas (summaries and raw reasoning text), function
/// calls assembled from argument deltas, and usage and finish reason from <c>response.completed</c> or
/// <c>response.incomplete</c>. An <c>error</c> event or <c>response.failed</c> throws, as does a stream that ends
/// before the response completed.
/// </summary>
internal static class ResponsesStreamReader
{
    public static async IAsyncEnumerable<ChatResponseUpdate> ReadAsync(
        Stream stream, ResponsesStreamState state, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SseParser<ChatResponseUpdate?> parser = SseParser.Create(stream, (_, data) => ParseEvent(data, state));
        await using IAsyncEnumerator<SseItem<ChatResponseUpdate?>> events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool hasEvent = await StreamEvents.MoveNextAsync(events, state.Configuration, state.RequestId).ConfigureAwait(false);
            if (!hasEvent || state.SawDone)
            {
                break;
            }

            if (events.Current.Data is { } update)
            {
                yield return update;
            }

            if (state.Finished)
            {
                break;
            }
        }

        if (!state.Finished && !state.SawDone)
        {
            throw ProviderError.Incomplete(state.Configuration, "ended before response.completed: the answer is incomplete.", state.RequestId);
        }
    }

    private static ChatResponseUpdate? ParseEvent(ReadOnlySpan<byte> data, ResponsesStreamState state)
    {
        ReadOnlySpan<byte> payload = data.Trim(" \r\n\t"u8);
        if (payload.IsEmpty)
        {
            return null;
        }

        if (payload.SequenceEqual("[DONE]"u8))
        {
            state.SawDone = true;
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(payload.ToArray());
            return Interpret(document.RootElement, payload, state);
        }
        catch (JsonException exception)
        {
            throw ProviderError.Incomplete(state.Configuration, "sent a data line that is not a JSON event.", state.RequestId, exception);
        }
    }

    private static ChatResponseUpdate? Interpret(JsonElement root, ReadOnlySpan<byte> payload, ResponsesStreamState state)
    {
        string? type = ResponsesReader.ReadString(root, "type");
        switch (type)
        {
            case "response.created" or "response.in_progress":
                RememberResponse(root, state);
                return null;
            case "response.output_text.delta":
                return Delta(state, new TextContent(ResponsesReader.ReadString(root, "delta") ?? ""));
            case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta":
                return Delta(state, new TextReasoningContent(ResponsesReader.ReadString(root, "delta") ?? ""));
            case "response.output_item.added":
                if (root.TryGetProperty("item", out JsonElement added) && ResponsesReader.ReadString(added, "type") == "function_call")
                {
                    state.ToolCalls.Append(OutputIndex(root), ResponsesReader.ReadString(added, "call_id"), ResponsesReader.ReadString(added, "name"), null);
                    state.CalledTools = true;
                }

                return null;
            case "response.output_item.done":
                if (root.TryGetProperty("item", out JsonElement done) && ResponsesReader.ReadString(done, "type") == "function_call"
                    && ResponsesReader.ReadString(done, "arguments") is { } finalArguments)
                {
                    state.ToolCalls.Complete(OutputIndex(root), ResponsesReader.ReadString(done, "call_id"), ResponsesReader.ReadString(done, "name"), finalArguments);
                    state.CalledTools = true;
                }

                return null;
            case "response.function_call_arguments.done":
                if (ResponsesReader.ReadString(root, "arguments") is { } arguments)
                {
                    state.ToolCalls.Complete(OutputIndex(root), null, null, arguments);
                }

                return null;
            case "response.function_call_arguments.delta":
                state.ToolCalls.Append(OutputIndex(root), null, null, ResponsesReader.ReadString(root, "delta"));
                return null;
            case "response.completed" or "response.incomplete":
                return Complete(root, state);
            case "response.failed":
                state.Finished = true;
                if (root.TryGetProperty("response", out JsonElement failed) && failed.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
                {
                    throw ProviderError.FromStreamError(state.Configuration, System.Text.Encoding.UTF8.GetBytes(error.GetRawText()), state.RequestId);
                }

                throw ProviderError.FromStreamError(state.Configuration, payload, state.RequestId);
            case "error":
                throw ProviderError.FromStreamError(state.Configuration, payload, state.RequestId);
            default:
                return null;
        }
    }

    private static ChatResponseUpdate Complete(JsonElement root, ResponsesStreamState state)
    {
        state.Finished = true;
        var contents = new List<AIContent>();
        JsonElement response = root.TryGetProperty("response", out JsonElement value) ? value : default;
        RememberResponse(root, state);
        state.ToolCalls.Flush(contents, state.StructuredOutputFunction);
        if (response.ValueKind == JsonValueKind.Object && ResponsesReader.ReadUsage(response) is { } usage)
        {
            contents.Add(new UsageContent(usage));
        }

        ChatResponseUpdate update = Delta(state, contents);
        update.FinishReason = response.ValueKind == JsonValueKind.Object
            ? ResponsesReader.ToFinishReason(response, state.CalledTools && state.StructuredOutputFunction is null)
            : ChatFinishReason.Stop;
        return update;
    }

    private static void RememberResponse(JsonElement root, ResponsesStreamState state)
    {
        if (root.TryGetProperty("response", out JsonElement response) && response.ValueKind == JsonValueKind.Object)
        {
            state.ResponseId ??= ResponsesReader.ReadString(response, "id");
            state.ModelId ??= ResponsesReader.ReadString(response, "model");
            state.CreatedAt ??= ResponsesReader.ReadCreated(response);
        }
    }

    private static int OutputIndex(JsonElement root) =>
        root.TryGetProperty("output_index", out JsonElement index) && index.TryGetInt32(out int value) ? value : 0;

    private static ChatResponseUpdate Delta(ResponsesStreamState state, AIContent content) => Delta(state, [content]);

    private static ChatResponseUpdate Delta(ResponsesStreamState state, List<AIContent> contents) =>
        new(ChatRole.Assistant, contents)
        {
            ResponseId = state.ResponseId,
            MessageId = state.ResponseId,
            ModelId = state.ModelId,
            CreatedAt = state.CreatedAt,
        };
}
