using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.Embeddings;

/// <summary>
/// Reads an OpenAI <c>/embeddings</c> answer with <see cref="Utf8JsonReader"/>:
/// <c>{"object":"list","data":[{"object":"embedding","index":0,"embedding":[…] or "base64…"}],"model":…,"usage":{…}}</c>.
/// Each vector is placed by its <c>index</c> (a server may list them in any order); a vector may come as numbers or as
/// base64 whatever was asked for, since some servers ignore <c>encoding_format</c>.
/// </summary>
internal static class EmbeddingResponseReader
{
    /// <summary>The vectors of one answer, by input position, with the model that produced them and the usage.</summary>
    public readonly record struct Answer(float[]?[] Vectors, string? Model, UsageDetails? Usage);

    /// <exception cref="JsonException">The body is not this shape, or an index is missing, repeated or out of range.</exception>
    public static Answer Read(ReadOnlySpan<byte> body, int expected)
    {
        var vectors = new float[]?[expected];
        string? model = null;
        UsageDetails? usage = null;
        var reader = new Utf8JsonReader(body);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "an object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                Expect(reader.Read() && reader.TokenType == JsonTokenType.StartArray, "'data' as an array");
                int position = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ReadItem(ref reader, vectors, position++);
                }
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                model = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    usage = UsageReader.Read(ref reader);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        for (int i = 0; i < vectors.Length; i++)
        {
            Expect(vectors[i] is not null, $"an embedding for input {i} of {expected}");
        }

        return new Answer(vectors, model, usage);
    }

    private static void ReadItem(ref Utf8JsonReader reader, float[]?[] vectors, int position)
    {
        Expect(reader.TokenType == JsonTokenType.StartObject, "each item of 'data' as an object");
        int? index = null;
        float[]? vector = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("embedding"u8))
            {
                reader.Read();
                vector = reader.TokenType == JsonTokenType.String ? DecodeBase64(ref reader) : ReadFloats(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        int at = index ?? position;
        Expect(at >= 0 && at < vectors.Length, $"indexes between 0 and {vectors.Length - 1} (got {at})");
        Expect(vectors[at] is null, $"index {at} once");
        Expect(vector is not null, $"an 'embedding' in item {at}");
        vectors[at] = vector;
    }

    private static float[] DecodeBase64(ref Utf8JsonReader reader)
    {
        try
        {
            // Base64 has no characters JSON escapes, so the raw value is the text; an escaped one is unescaped first.
            return EmbeddingEncoding.DecodeBase64(reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan);
        }
        catch (FormatException exception)
        {
            throw new JsonException(exception.Message, exception);
        }
    }

    private static float[] ReadFloats(ref Utf8JsonReader reader)
    {
        Expect(reader.TokenType == JsonTokenType.StartArray, "'embedding' as an array of numbers or a base64 string");
        var values = new List<float>(1536);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetSingle());
        }

        return values.ToArray();
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new JsonException($"The embeddings answer does not have {what}.");
        }
    }
}
