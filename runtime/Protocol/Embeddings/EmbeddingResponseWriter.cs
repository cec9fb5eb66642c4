using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.Embeddings;

/// <summary>
/// Writes OpenAI's <c>/embeddings</c> answer from generated embeddings: <c>{"object":"list","data":[{"object":"embedding",
/// "index":i,"embedding":[…] or "base64…"}],"model":…,"usage":{"prompt_tokens","total_tokens"}}</c>.
/// </summary>
internal static class EmbeddingResponseWriter
{
    public static void Write(Utf8JsonWriter writer, GeneratedEmbeddings<Embedding<float>> embeddings, string model, string encodingFormat)
    {
        writer.WriteStartObject();
        writer.WriteString("object"u8, "list");
        writer.WriteStartArray("data"u8);
        for (int i = 0; i < embeddings.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "embedding");
            writer.WriteNumber("index"u8, i);
            ReadOnlySpan<float> vector = embeddings[i].Vector.Span;
            if (encodingFormat == EmbeddingEncoding.Base64)
            {
                writer.WriteString("embedding"u8, EmbeddingEncoding.EncodeBase64(vector));
            }
            else
            {
                writer.WriteStartArray("embedding"u8);
                foreach (float value in vector)
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model"u8, model);
        writer.WriteStartObject("usage"u8);
        long prompt = embeddings.Usage?.InputTokenCount ?? 0;
        writer.WriteNumber("prompt_tokens"u8, prompt);
        writer.WriteNumber("total_tokens"u8, embeddings.Usage?.TotalTokenCount ?? prompt);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
