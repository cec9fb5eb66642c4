using System.Text.Json;

namespace ModelRegistry.Protocol;

/// <summary>
/// Reads a <c>GET /models</c> list: <c>{"object":"list","data":[{"id":…},…]}</c>. Ollama answers
/// <c>"data": null</c> when no model is installed; that is an empty list, not an error.
/// </summary>
internal static class ModelListReader
{
    public static IReadOnlyList<string> Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        var ids = new List<string>();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The model list is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isData = reader.ValueTextEquals("data"u8) || reader.ValueTextEquals("models"u8);
            reader.Read();
            if (!isData || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isId = reader.ValueTextEquals("id"u8);
                    reader.Read();
                    if (isId && reader.TokenType == JsonTokenType.String)
                    {
                        ids.Add(reader.GetString()!);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }

        return ids;
    }
}
