using System.Text;

namespace ModelRegistry.Tests.Client;

/// <summary>Hand-made <c>chat.completion.chunk</c>s and the event-stream bytes that carry them, for tests that need a stream
/// cut into pieces the recordings do not have (shared with the gateway's tests).</summary>
public static class StreamChunks
{
    /// <summary>One chunk of answer <c>c1</c> by <paramref name="model"/>, with this delta and finish reason.</summary>
    public static string Chunk(string model, string delta, string? finish = null) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","created":7,"model":"{{model}}","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""";

    /// <summary>Each data as one <c>data:</c> event.</summary>
    public static byte[] Events(params string[] data) => Encoding.UTF8.GetBytes(string.Concat(data.Select(d => $"data: {d}\n\n")));
}
