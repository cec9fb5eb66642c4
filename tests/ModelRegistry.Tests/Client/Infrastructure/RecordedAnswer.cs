using System.Text;
using System.Text.Json;

namespace ModelRegistry.Tests.Client;

/// <summary>
/// What a recording says the answer is, read independently of the client (with <see cref="JsonDocument"/>, the
/// naive way): the oracle the data-driven tests compare the client's result with.
/// </summary>
public sealed class RecordedAnswer
{
    public string? Id { get; private set; }
    public string? Model { get; private set; }
    public long? Created { get; private set; }
    public string? FinishReason { get; private set; }
    public StringBuilder Content { get; } = new();
    public StringBuilder ReasoningContent { get; } = new();
    public StringBuilder Reasoning { get; } = new();
    public SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> ToolCalls { get; } = [];
    public JsonElement? Usage { get; private set; }

    /// <summary>reasoning_content wins when a recording carries both fields.</summary>
    public string ExpectedReasoning => ReasoningContent.Length > 0 ? ReasoningContent.ToString() : Reasoning.ToString();

    public static RecordedAnswer FromCompletion(JsonElement root)
    {
        var answer = new RecordedAnswer();
        answer.ReadChunk(root, "message");
        return answer;
    }

    public static RecordedAnswer FromStream(byte[] sse)
    {
        var answer = new RecordedAnswer();
        foreach (string line in Encoding.UTF8.GetString(sse).Split('\n'))
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            string payload = line[5..].Trim();
            if (payload == "[DONE]")
            {
                continue;
            }

            answer.ReadChunk(JsonDocument.Parse(payload).RootElement, "delta");
        }

        return answer;
    }

    public long? UsageCount(string name) =>
        Usage is { } usage && usage.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    public long? UsageDetail(string details, string name) =>
        Usage is { } usage && usage.TryGetProperty(details, out JsonElement detail) && detail.ValueKind == JsonValueKind.Object
            && detail.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private void ReadChunk(JsonElement chunk, string messageName)
    {
        if (chunk.TryGetProperty("id", out JsonElement id) && id.GetString() is { Length: > 0 } idText)
        {
            Id = idText;
        }

        if (chunk.TryGetProperty("model", out JsonElement model) && model.GetString() is { Length: > 0 } modelText)
        {
            Model = modelText;
        }

        if (chunk.TryGetProperty("created", out JsonElement created) && created.GetInt64() > 0)
        {
            Created = created.GetInt64();
        }

        if (chunk.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            Usage = usage.Clone();
        }

        if (!chunk.TryGetProperty("choices", out JsonElement choices))
        {
            return;
        }

        foreach (JsonElement choice in choices.EnumerateArray())
        {
            if (choice.TryGetProperty("finish_reason", out JsonElement finish) && finish.ValueKind == JsonValueKind.String)
            {
                FinishReason = finish.GetString();
            }

            if (!choice.TryGetProperty(messageName, out JsonElement message) || message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            Append(Content, message, "content");
            Append(ReasoningContent, message, "reasoning_content");
            Append(Reasoning, message, "reasoning");
            if (message.TryGetProperty("tool_calls", out JsonElement calls) && calls.ValueKind == JsonValueKind.Array)
            {
                int position = 0;
                foreach (JsonElement call in calls.EnumerateArray())
                {
                    int index = call.TryGetProperty("index", out JsonElement i) ? i.GetInt32() : position;
                    position++;
                    if (!ToolCalls.TryGetValue(index, out var entry))
                    {
                        entry = (null, null, new StringBuilder());
                    }

                    if (call.TryGetProperty("id", out JsonElement callId) && callId.GetString() is { Length: > 0 } callIdText)
                    {
                        entry.Id ??= callIdText;
                    }

                    if (call.TryGetProperty("function", out JsonElement function))
                    {
                        if (function.TryGetProperty("name", out JsonElement name) && name.GetString() is { Length: > 0 } nameText)
                        {
                            entry.Name ??= nameText;
                        }

                        if (function.TryGetProperty("arguments", out JsonElement arguments) && arguments.ValueKind == JsonValueKind.String)
                        {
                            entry.Arguments.Append(arguments.GetString());
                        }
                    }

                    ToolCalls[index] = entry;
                }
            }
        }
    }

    private static void Append(StringBuilder into, JsonElement message, string name)
    {
        if (message.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
        {
            into.Append(value.GetString());
        }
    }
}
