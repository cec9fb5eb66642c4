using System.Text;
using Benchmarks.Shared;

namespace Benchmarks.Client;

/// <summary>The provider answers the client benchmarks replay, built from recorded traffic in <c>tests/fixtures</c>.</summary>
public static class RecordedTraffic
{
    /// <summary>The recorded stream whose content chunks the streaming benchmarks repeat.</summary>
    public const string StreamFixture = "chat-streaming/openai-gpt-4o-mini-text-include-usage.sse";

    /// <summary>The recorded non-streaming answer with parallel tool calls.</summary>
    public const string ToolCallsFixture = "chat-completions/openai-gpt-4o-parallel-tool-calls.json";

    /// <summary>
    /// The recorded stream with its content chunks repeated to <paramref name="contentChunks"/>: the first chunk (the
    /// role), the content chunks over and over, then the recorded finish chunk, usage chunk and <c>[DONE]</c>.
    /// </summary>
    public static byte[] RepeatedStream(int contentChunks)
    {
        string[] events = File.ReadAllText(RepositoryPaths.Fixture(StreamFixture))
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] content = events.Where(e => e.Contains("\"delta\":{\"content\":", StringComparison.Ordinal)).ToArray();
        string[] tail = events.SkipWhile(e => !e.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal)).ToArray();
        if (content.Length == 0 || tail.Length != 3 || !events[0].Contains("\"role\":\"assistant\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{StreamFixture} no longer has the shape the benchmark expects (role, content, finish, usage, [DONE]).");
        }

        var stream = new StringBuilder();
        stream.Append(events[0]).Append("\n\n");
        for (int i = 0; i < contentChunks; i++)
        {
            stream.Append(content[i % content.Length]).Append("\n\n");
        }

        foreach (string last in tail)
        {
            stream.Append(last).Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(stream.ToString());
    }

    /// <summary>The recorded answer with parallel tool calls, as the server sent it.</summary>
    public static byte[] ToolCallsResponse() => File.ReadAllBytes(RepositoryPaths.Fixture(ToolCallsFixture));
}
