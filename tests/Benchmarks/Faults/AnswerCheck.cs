using System.Text;
using System.Text.Json;
using Benchmarks.Gateway;

namespace Benchmarks.Faults;

/// <summary>What a caller of the gateway saw for one request of the fault load test.</summary>
public enum AnswerOutcome
{
    /// <summary>The whole recorded answer: a non-streamed body with both tool calls, or a stream whose text is exactly
    /// the recorded text, one usage chunk, then <c>[DONE]</c>.</summary>
    Complete,

    /// <summary>An error before any token: a non-200 status, or a stream whose first event is an error. The goal is none:
    /// every fault before the first token must be answered by route B.</summary>
    FailedBeforeFirstToken,

    /// <summary>Content, then one error event and no <c>[DONE]</c>: route A broke after the caller had content, so no
    /// other route may finish the answer. The honest end of such a stream.</summary>
    FailedAfterFirstToken,

    /// <summary>An answer that looks finished but is not the recorded one (spliced from two routes, or cut short), or a
    /// stream that ended with neither <c>[DONE]</c> nor an error event. The goal is none.</summary>
    SplicedOrTruncated,
}

/// <summary>Classifies the gateway's answers against the recorded answer both upstreams serve.</summary>
public static class AnswerCheck
{
    /// <summary>The text of the recorded stream, concatenated from its content deltas.</summary>
    public static string ExpectedStreamText { get; } = ReadStreamText(FixtureUpstream.StreamBytes);

    /// <summary>The tool calls of the recorded non-streamed answer (name and arguments, in order).</summary>
    public static IReadOnlyList<string> ExpectedToolCalls { get; } = ReadToolCalls(FixtureUpstream.CompletionBytes);

    /// <summary>Classifies a non-streamed answer.</summary>
    public static AnswerOutcome NonStreamed(int status, string body)
    {
        if (status != 200)
        {
            return AnswerOutcome.FailedBeforeFirstToken;
        }

        try
        {
            return ReadToolCalls(Encoding.UTF8.GetBytes(body)).SequenceEqual(ExpectedToolCalls, StringComparer.Ordinal)
                ? AnswerOutcome.Complete
                : AnswerOutcome.SplicedOrTruncated;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return AnswerOutcome.SplicedOrTruncated;
        }
    }

    /// <summary>Classifies a streamed answer from its status and its whole body.</summary>
    public static AnswerOutcome Streamed(int status, string body)
    {
        if (status != 200)
        {
            return AnswerOutcome.FailedBeforeFirstToken;
        }

        var text = new StringBuilder();
        bool done = false, error = false, afterDone = false;
        int usageChunks = 0;
        foreach (string data in DataLines(body))
        {
            if (done)
            {
                afterDone = true;
            }

            if (data == "[DONE]")
            {
                done = true;
                continue;
            }

            try
            {
                using JsonDocument chunk = JsonDocument.Parse(data);
                if (chunk.RootElement.TryGetProperty("error", out _))
                {
                    error = true;
                    continue;
                }

                if (error)
                {
                    // Anything after an error event is a stream that went on past its end.
                    return AnswerOutcome.SplicedOrTruncated;
                }

                if (chunk.RootElement.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
                {
                    usageChunks++;
                }

                foreach (JsonElement choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
                {
                    if (choice.TryGetProperty("delta", out JsonElement delta) && delta.TryGetProperty("content", out JsonElement content)
                        && content.ValueKind == JsonValueKind.String)
                    {
                        text.Append(content.GetString());
                    }
                }
            }
            catch (JsonException)
            {
                return AnswerOutcome.SplicedOrTruncated;
            }
        }

        if (error)
        {
            return done ? AnswerOutcome.SplicedOrTruncated : text.Length == 0 ? AnswerOutcome.FailedBeforeFirstToken : AnswerOutcome.FailedAfterFirstToken;
        }

        return done && !afterDone && usageChunks == 1 && text.ToString() == ExpectedStreamText
            ? AnswerOutcome.Complete
            : AnswerOutcome.SplicedOrTruncated;
    }

    private static List<string> ReadToolCalls(byte[] completion)
    {
        using JsonDocument document = JsonDocument.Parse(completion);
        return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls").EnumerateArray()
            .Select(call => call.GetProperty("function").GetProperty("name").GetString() + " " + Canonical(call.GetProperty("function").GetProperty("arguments").GetString()))
            .ToList();
    }

    /// <summary>Arguments compared as JSON, not as text: the gateway writes them again, without the recording's spaces.</summary>
    private static string Canonical(string? arguments)
    {
        using JsonDocument document = JsonDocument.Parse(arguments ?? "null");
        return JsonSerializer.Serialize(document.RootElement, FaultJson.Default.JsonElement);
    }

    private static IEnumerable<string> DataLines(string body)
    {
        foreach (string line in body.Split('\n'))
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                yield return line["data: ".Length..].TrimEnd('\r');
            }
        }
    }

    private static string ReadStreamText(byte[] recorded)
    {
        var text = new StringBuilder();
        foreach (string data in DataLines(Encoding.UTF8.GetString(recorded)))
        {
            if (data == "[DONE]")
            {
                continue;
            }

            using JsonDocument chunk = JsonDocument.Parse(data);
            foreach (JsonElement choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.String)
                {
                    text.Append(content.GetString());
                }
            }
        }

        return text.ToString();
    }
}

/// <summary>Source-generated JSON for the fault load test's checks.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(JsonElement))]
internal sealed partial class FaultJson : System.Text.Json.Serialization.JsonSerializerContext;
