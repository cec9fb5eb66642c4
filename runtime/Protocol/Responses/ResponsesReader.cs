using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.Responses;

/// <summary>
/// Reads a Responses API <c>response</c> object (a non-streamed body, or the one <c>response.completed</c> carries):
/// <c>message</c> items' <c>output_text</c>, <c>reasoning</c> items' summaries and raw <c>reasoning_text</c>,
/// <c>function_call</c> items, usage, and the status as a finish reason. A <c>failed</c> response throws.
/// </summary>
internal static class ResponsesReader
{
    public static ChatResponse Read(ReadOnlyMemory<byte> body, ChatModelConfiguration configuration, string? structuredOutputFunction, string? requestId)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement response = document.RootElement;
        if (response.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
        {
            throw ProviderError.FromStreamError(configuration, body.Span, requestId);
        }

        var contents = new List<AIContent>();
        var toolCalls = new ToolCallAssembler();
        if (response.TryGetProperty("output", out JsonElement output) && output.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement item in output.EnumerateArray())
            {
                ReadOutputItem(item, index++, contents, toolCalls);
            }
        }

        bool hasToolCalls = toolCalls.HasCalls;
        toolCalls.Flush(contents, structuredOutputFunction);
        string? id = ReadString(response, "id");
        DateTimeOffset? created = ReadCreated(response);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = id, CreatedAt = created })
        {
            ResponseId = id,
            ModelId = ReadString(response, "model"),
            CreatedAt = created,
            FinishReason = ToFinishReason(response, hasToolCalls && structuredOutputFunction is null),
            Usage = ReadUsage(response),
        };
    }

    /// <summary>Adds the text and reasoning of one output item and registers its function call.</summary>
    public static void ReadOutputItem(JsonElement item, int index, IList<AIContent> contents, ToolCallAssembler toolCalls)
    {
        switch (ReadString(item, "type"))
        {
            case "message":
                foreach (string text in ReadParts(item, "content", "output_text"))
                {
                    contents.Add(new TextContent(text));
                }

                break;
            case "reasoning":
                foreach (string text in ReadParts(item, "summary", "summary_text").Concat(ReadParts(item, "content", "reasoning_text")))
                {
                    contents.Add(new TextReasoningContent(text));
                }

                break;
            case "function_call":
                toolCalls.Append(index, ReadString(item, "call_id") ?? ReadString(item, "id"), ReadString(item, "name"), ReadString(item, "arguments"));
                break;
        }
    }

    public static ChatFinishReason ToFinishReason(JsonElement response, bool calledTools)
    {
        string? incompleteReason = response.TryGetProperty("incomplete_details", out JsonElement details) && details.ValueKind == JsonValueKind.Object
            ? ReadString(details, "reason")
            : null;
        return FinishReasons.FromResponses(ReadString(response, "status"), incompleteReason, calledTools);
    }

    public static UsageDetails? ReadUsage(JsonElement response)
    {
        if (!response.TryGetProperty("usage", out JsonElement usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(usage.GetRawText()));
        reader.Read();
        return UsageReader.Read(ref reader);
    }

    public static DateTimeOffset? ReadCreated(JsonElement response) =>
        response.TryGetProperty("created_at", out JsonElement created) && created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out long seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IEnumerable<string> ReadParts(JsonElement item, string arrayName, string partType)
    {
        if (!item.TryGetProperty(arrayName, out JsonElement parts) || parts.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (JsonElement part in parts.EnumerateArray())
        {
            if (ReadString(part, "type") == partType && ReadString(part, "text") is { Length: > 0 } text)
            {
                yield return text;
            }
        }
    }
}
