using System.Text;
using System.Text.Json;

namespace ModelRegistry.Protocol.ChatCompletions;

/// <summary>
/// Reads one <c>chat.completion.chunk</c> as it passes (<see cref="ChatCompletionEvent"/>), with
/// <see cref="Utf8JsonReader"/> and no string or object per chunk: where its <c>model</c> value is, whether it carries
/// content, how many characters of answer, its finish reason and usage (into <see cref="ChatCompletionState"/>, as
/// <see cref="ChatCompletionReader"/> does). The bytes are rewritten only where the gateway's answer must differ from
/// the upstream's, which few chunks need: <c>usage</c> (and Groq's <c>x_groq</c> copy) is taken out — it is accounted and
/// sent at the end, only when the client asked — and a delta's <c>reasoning</c> is named <c>reasoning_content</c>, the
/// one field the gateway answers with. A chunk that only carried usage is dropped; an <c>error</c> object throws. A
/// <c>"reasoning": null</c> and the fields the gateway does not know are left as they came.
/// </summary>
internal static class ChatCompletionChunkScanner
{
    private static ReadOnlySpan<byte> ReasoningContentName => "\"reasoning_content\""u8;

    /// <summary>Scans a chunk; <see langword="null"/> when nothing of it is to be forwarded (a usage-only chunk).</summary>
    /// <param name="json">The chunk.</param>
    /// <param name="state">The answer's state.</param>
    /// <param name="into">Where a stream's chunks are copied; <see langword="null"/> gives each chunk an array of its own.</param>
    /// <exception cref="JsonException">The chunk is not JSON.</exception>
    /// <exception cref="ChatProviderException">The chunk is an error.</exception>
    public static ChatCompletionEvent? Scan(ReadOnlySpan<byte> json, ChatCompletionState state, ChunkBytes? into = null)
    {
        if (state.ChunkShape?.TryRead(json, into, out ChatCompletionEvent same) == true)
        {
            return same;
        }

        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The chunk is not a JSON object.");
        }

        var chunk = new Scanned();
        int previousEnd = -1, tailStart = -1;
        bool hadUsage = false, hasError = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int nameStart = (int)reader.TokenStartIndex;
            tailStart = -1;
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    chunk.ModelStart = (int)reader.TokenStartIndex;
                    chunk.ModelLength = (int)reader.BytesConsumed - chunk.ModelStart;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (state.ResponseId is null && reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                {
                    state.ResponseId = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("created"u8))
            {
                reader.Read();
                if (state.CreatedAt is null && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long seconds) && seconds > 0)
                {
                    state.CreatedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        if (ChatCompletionReader.IsFirstChoice(reader))
                        {
                            ScanChoice(ref reader, json, state, ref chunk);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                // Taken out whatever its value: a client that did not ask for usage sees no "usage" at all (OpenAI sends
                // "usage": null in every chunk when it was asked for usage).
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    state.SetUsage(UsageReader.Read(ref reader));
                    hadUsage = true;
                }
                else
                {
                    reader.Skip();
                }

                chunk.Cut(json, previousEnd, nameStart, (int)reader.BytesConsumed);
            }
            else if (reader.ValueTextEquals("x_groq"u8))
            {
                if (ChatCompletionReader.ReadGroqExtension(ref reader, state))
                {
                    hadUsage = true;
                    chunk.Cut(json, previousEnd, nameStart, (int)reader.BytesConsumed);
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                hasError = reader.TokenType is not JsonTokenType.Null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                {
                    // A field the gateway does not read, which may differ chunk to chunk (OpenAI's "obfuscation").
                    tailStart = (int)reader.TokenStartIndex;
                }

                reader.Skip();
            }

            previousEnd = (int)reader.BytesConsumed;
        }

        if (hasError)
        {
            throw ProviderError.FromStreamError(state.Configuration, json, state.RequestId);
        }

        if (hadUsage && !chunk.HasContent)
        {
            // The usage chunk (choices empty, or an empty delta): the gateway sends its own, priced, when asked.
            return null;
        }

        if (!hadUsage)
        {
            chunk.LearnShape(json, tailStart, state);
        }

        return chunk.ToEvent(json, into);
    }

    private static void ScanChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ChatCompletionState state, ref Scanned chunk)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ScanDelta(ref reader, json, ref chunk);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0)
                {
                    chunk.HasContent = true;
                    chunk.Irregular = true;
                    state.SawFinishReason = true;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ScanDelta(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref Scanned chunk)
    {
        // Both reasoning fields may come; as ChatCompletionReader, reasoning_content wins unless it is empty.
        Field reasoningContent = default, reasoning = default;
        int previousEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int nameStart = (int)reader.TokenStartIndex;
            int nameEnd = nameStart + reader.ValueSpan.Length + 2;
            if (reader.ValueTextEquals("content"u8))
            {
                chunk.AddContent(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                bool hasText = chunk.AddText(ref reader);
                chunk.Irregular |= hasText;
                reasoningContent = new Field(nameStart, nameEnd, previousEnd, (int)reader.BytesConsumed, hasText);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                bool hasText = chunk.AddText(ref reader);
                chunk.Irregular |= hasText;
                reasoning = new Field(nameStart, nameEnd, previousEnd, (int)reader.BytesConsumed, hasText);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        chunk.HasContent = true;
                        chunk.Irregular = true;
                        ScanToolCall(ref reader, ref chunk);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    chunk.HasContent = true;
                    chunk.Irregular = true;
                    ScanToolCall(ref reader, ref chunk, inFunction: true);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }

            previousEnd = (int)reader.BytesConsumed;
        }

        if (!reasoning.HasText)
        {
            // A null or empty "reasoning" (OpenRouter sends one in every chunk) says nothing: left as it came.
            return;
        }

        if (reasoningContent.HasText)
        {
            chunk.Cut(json, reasoning.PreviousEnd, reasoning.NameStart, reasoning.ValueEnd);
            return;
        }

        if (reasoningContent.IsSet)
        {
            chunk.Cut(json, reasoningContent.PreviousEnd, reasoningContent.NameStart, reasoningContent.ValueEnd);
        }

        chunk.Rename(reasoning.NameStart, reasoning.NameEnd);
    }

    /// <summary>Counts the characters of a tool call's name and arguments (the reader is at the call's start, or at its
    /// <c>function</c> object's when <paramref name="inFunction"/>).</summary>
    private static void ScanToolCall(ref Utf8JsonReader reader, ref Scanned chunk, bool inFunction = false)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!inFunction && reader.ValueTextEquals("function"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ScanToolCall(ref reader, ref chunk, inFunction: true);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (inFunction && (reader.ValueTextEquals("name"u8) || reader.ValueTextEquals("arguments"u8)))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    chunk.OutputCharacters += Characters(ref reader);
                }
                else
                {
                    long start = reader.TokenStartIndex;
                    reader.Skip();
                    chunk.OutputCharacters += reader.BytesConsumed - start;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>The characters of the string the reader is at (its escaped length when it has escapes: an estimate is all
    /// that needs it).</summary>
    private static int Characters(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? reader.ValueSpan.Length : Encoding.UTF8.GetCharCount(reader.ValueSpan);

    /// <summary>A reasoning field of a delta: its name, where the property before it ended (-1: it is the first), where its
    /// value ends, and whether it holds text.</summary>
    private readonly record struct Field(int NameStart, int NameEnd, int PreviousEnd, int ValueEnd, bool HasText)
    {
        public bool IsSet => NameEnd > 0;
    }

    /// <summary>What a scan found, and the few edits of the chunk's bytes (at most a usage, an x_groq and two reasoning
    /// fields), in the order found.</summary>
    private struct Scanned
    {
        private Edit _e0, _e1, _e2, _e3;
        private int _edits;

        public Scanned()
        {
            ModelStart = -1;
            TextStart = -1;
        }

        public int ModelStart;
        public int ModelLength;
        public bool HasContent;
        public long OutputCharacters;

        /// <summary>Where the first choice's <c>content</c> string is (an unescaped one), for <see cref="ChunkShape"/>.</summary>
        public int TextStart, TextEnd;

        /// <summary>Whether the chunk carries more than text (a finish reason, tool calls, reasoning): not a shape to learn.</summary>
        public bool Irregular;

        /// <summary>Reads the delta's <c>content</c>, remembering where a plain string is.</summary>
        public void AddContent(ref Utf8JsonReader reader)
        {
            bool repeated = TextStart >= 0;
            AddText(ref reader);
            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !repeated)
            {
                TextStart = (int)reader.TokenStartIndex;
                TextEnd = (int)reader.BytesConsumed;
            }
            else
            {
                Irregular = true;
            }
        }

        /// <summary>Gives the stream the shape of this chunk when the chunk is plain text (<see cref="ChunkShape"/>): the
        /// chunks after it that share it are read without a scan.</summary>
        public readonly void LearnShape(ReadOnlySpan<byte> json, int tailStart, ChatCompletionState state)
        {
            // An empty text is the opening chunk's ("role" beside it), whose frame the text chunks after it do not share.
            if (Irregular || TextStart < 0 || TextEnd - TextStart <= 2 || ModelStart < 0 || ModelStart + ModelLength > TextStart || _edits > 1 ||
                _edits == 1 && (_e0.Rename || _e0.Start < TextEnd || tailStart >= 0 && _e0.End > tailStart))
            {
                return;
            }

            (state.ChunkShape ??= new ChunkShape()).Learn(
                json, TextStart, TextEnd, tailStart, ModelStart, ModelLength, _edits == 1 ? (_e0.Start, _e0.End) : default);
        }

        /// <summary>Reads a text field's value (a string, or an array of parts); returns whether it holds text.</summary>
        public bool AddText(ref Utf8JsonReader reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                int characters = Characters(ref reader);
                OutputCharacters += characters;
                HasContent |= characters > 0;
                return characters > 0;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                long start = reader.TokenStartIndex;
                reader.Skip();
                long length = reader.BytesConsumed - start;
                // "[]" holds nothing; any part is counted by its length, an estimate.
                bool hasParts = length > 2;
                OutputCharacters += hasParts ? length : 0;
                HasContent |= hasParts;
                return hasParts;
            }

            reader.Skip();
            return false;
        }

        /// <summary>Takes a property out: from the end of the one before it, or, for the first property, up to the next one.</summary>
        public void Cut(ReadOnlySpan<byte> json, int previousEnd, int nameStart, int valueEnd)
        {
            if (previousEnd >= 0)
            {
                Add(new Edit(previousEnd, valueEnd, Rename: false));
                return;
            }

            int end = SkipWhitespace(json, valueEnd);
            if (end < json.Length && json[end] == (byte)',')
            {
                end = SkipWhitespace(json, end + 1);
                Add(new Edit(nameStart, end, Rename: false));
            }
            else
            {
                Add(new Edit(nameStart, valueEnd, Rename: false));
            }
        }

        public void Rename(int nameStart, int nameEnd) => Add(new Edit(nameStart, nameEnd, Rename: true));

        public readonly ChatCompletionEvent ToEvent(ReadOnlySpan<byte> json, ChunkBytes? into)
        {
            if (_edits == 0)
            {
                Memory<byte> copy = into?.Take(json.Length) ?? new byte[json.Length];
                json.CopyTo(copy.Span);
                return new ChatCompletionEvent(copy, ModelStart, ModelLength, HasContent, OutputCharacters);
            }

            Span<Edit> edits = [_e0, _e1, _e2, _e3];
            edits = edits[.._edits];
            edits.Sort(static (a, b) => a.Start.CompareTo(b.Start));
            int room = json.Length + (_edits * ReasoningContentName.Length);
            Memory<byte> memory = into?.Take(room) ?? new byte[room];
            Span<byte> written = memory.Span;
            int length = 0, from = 0, modelStart = ModelStart;
            foreach (Edit edit in edits)
            {
                // A cut that overlaps the one before it (two neighbouring properties) takes out only what is left.
                int start = Math.Max(edit.Start, from);
                int end = Math.Max(edit.End, start);
                json[from..start].CopyTo(written[length..]);
                length += start - from;
                if (edit.Rename)
                {
                    ReasoningContentName.CopyTo(written[length..]);
                    length += ReasoningContentName.Length;
                }

                if (ModelStart >= end)
                {
                    modelStart += (edit.Rename ? ReasoningContentName.Length : 0) - (end - start);
                }

                from = end;
            }

            json[from..].CopyTo(written[length..]);
            length += json.Length - from;
            return new ChatCompletionEvent(memory[..length], modelStart, ModelLength, HasContent, OutputCharacters);
        }

        private void Add(Edit edit)
        {
            switch (_edits++)
            {
                case 0: _e0 = edit; break;
                case 1: _e1 = edit; break;
                case 2: _e2 = edit; break;
                case 3: _e3 = edit; break;
                default: throw new JsonException("The chunk repeats a field the gateway rewrites.");
            }
        }

        private static int SkipWhitespace(ReadOnlySpan<byte> json, int at)
        {
            while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                at++;
            }

            return at;
        }
    }

    private readonly record struct Edit(int Start, int End, bool Rename);
}
