using System.Globalization;
using System.Text.Json;
using ModelRegistry.Tests.Client;

namespace ModelRegistry.Tests.Embeddings;

/// <summary>Embeddings answers built for a request, in OpenAI's shape: input <c>i</c> of a batch starting at
/// <c>offset</c> gets the vector <c>[offset + i, 0.5]</c>, so a test can tell where each vector ended up.</summary>
internal static class EmbeddingAnswers
{
    public static ServerReply For(int offset, int count, int? promptTokens = 5, bool reversed = false)
    {
        IEnumerable<int> order = Enumerable.Range(0, count);
        string data = string.Join(",", (reversed ? order.Reverse() : order).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $$"""{"object":"embedding","index":{{i}},"embedding":[{{offset + i}},0.5]}""")));
        string usage = promptTokens is { } tokens ? string.Create(CultureInfo.InvariantCulture, $$""","usage":{"prompt_tokens":{{tokens}},"total_tokens":{{tokens}}}""") : "";
        return ServerReply.Json($$"""{"object":"list","data":[{{data}}],"model":"text-embedding-3-small"{{usage}}}""");
    }

    /// <summary>The <c>input</c> array of a captured request.</summary>
    public static string[] Inputs(CapturedRequest request) =>
        request.Json.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToArray();

    public static JsonElement Body(CapturedRequest request) => request.Json;
}
