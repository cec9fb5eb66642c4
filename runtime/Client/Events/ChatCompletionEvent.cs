namespace ModelRegistry;

/// <summary>
/// One chunk of a chat-completions stream passed through as bytes (<see cref="IChatEventStreamClient"/>): the
/// <c>chat.completion.chunk</c> JSON to forward — as the upstream sent it, except that <c>usage</c> is taken out (it comes
/// in the stream's end, <see cref="ChatCompletionBatch.End"/>, to be accounted) and reasoning is named
/// <c>reasoning_content</c> — with where its <c>model</c> value is, and what the stream needs to know of it. The stream
/// hands chunks on in batches (<see cref="ChatCompletionBatch"/>).
/// </summary>
/// <param name="Chunk">The chunk's JSON (no <c>data:</c> prefix). In a batch before the stream's first content these bytes
/// are the chunk's own; from the first batch with content on, they are valid only until the stream moves to its next
/// batch: forward or copy them before (<see cref="ChatCompletionBatch"/>).</param>
/// <param name="ModelStart">Where the <c>model</c> value (a JSON string, quotes included) starts in <paramref name="Chunk"/>, or -1.</param>
/// <param name="ModelLength">The length of that value, quotes included.</param>
/// <param name="HasContent">Whether the chunk carries some of the answer (text, reasoning, a tool call, a finish reason): the
/// first batch with such a chunk commits the stream to its route.</param>
/// <param name="OutputCharacters">The characters of answer it carries, for a usage estimate when the upstream reports none.</param>
internal readonly record struct ChatCompletionEvent(ReadOnlyMemory<byte> Chunk, int ModelStart, int ModelLength, bool HasContent, long OutputCharacters);
