using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelRegistry.Protocol;

namespace ModelRegistry.Protocol.Embeddings;

/// <summary>
/// Writes one OpenAI <c>/embeddings</c> request body: <c>model</c>, <c>input</c> (always an array, so one input and many
/// read back the same way), <c>encoding_format</c>, <c>dimensions</c> when asked for, and the options' additional
/// properties (<c>user</c>, or any provider field such as vLLM's <c>truncate_prompt_tokens</c>) as top-level fields.
/// </summary>
internal static class EmbeddingRequestWriter
{
    public static PooledBufferWriter Write(string model, ReadOnlySpan<string> inputs, string encodingFormat, int? dimensions,
        EmbeddingGenerationOptions? options, IReadOnlyDictionary<string, object?>? extraBody, OnceLogger log)
    {
        var body = new PooledBufferWriter(256 + (inputs.Length * 64));
        Utf8JsonWriter writer = RequestJsonWriter.Rent(body);
        writer.WriteStartObject();
        writer.WriteString("model"u8, model);
        writer.WriteStartArray("input"u8);
        foreach (string input in inputs)
        {
            writer.WriteStringValue(input);
        }

        writer.WriteEndArray();
        writer.WriteString("encoding_format"u8, encodingFormat);
        if (dimensions is { } size)
        {
            writer.WriteNumber("dimensions"u8, size);
        }

        if (extraBody is { Count: > 0 })
        {
            ExtraBodyWriter.Write(writer, extraBody, log);
        }

        if (options?.AdditionalProperties is { Count: > 0 } additional)
        {
            foreach (KeyValuePair<string, object?> property in additional)
            {
                if (property.Key is "model" or "input" or "encoding_format" or "dimensions")
                {
                    // The fields this writer owns: set them through the options' own properties.
                    continue;
                }

                if (!JsonValueWriter.TrySerialize(property.Value, out ReadOnlyMemory<byte> json))
                {
                    log.ExtraBodyValueSkipped(property.Key, property.Value!.GetType());
                    continue;
                }

                writer.WritePropertyName(property.Key);
                writer.WriteRawValue(json.Span, skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
        RequestJsonWriter.Return(writer);
        return body;
    }
}
