using System.Text.Json;
using ModelRegistry.Protocol.ChatCompletions;

namespace ModelRegistry.Protocol.Embeddings;

/// <summary>
/// Reads OpenAI's <c>/embeddings</c> request: <c>model</c>, <c>input</c> (a string or an array of strings; token arrays
/// are refused, since the registry's generators embed text), <c>encoding_format</c> (<c>float</c> or <c>base64</c>),
/// <c>dimensions</c> and <c>user</c>. A field of the wrong shape is a <see cref="ChatRequestException"/> naming it.
/// </summary>
internal static class EmbeddingRequestReader
{
    /// <summary>OpenAI's limit on the inputs of one request.</summary>
    public const int MaxInputs = 2048;

    public static EmbeddingRequest Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("The request body must be a JSON object.");
        }

        string model = body.TryGetProperty("model", out JsonElement modelValue) && modelValue.ValueKind == JsonValueKind.String && modelValue.GetString() is { Length: > 0 } id
            ? id
            : throw new ChatRequestException("'model' is required and must be a non-empty string.", "model");
        if (!body.TryGetProperty("input", out JsonElement input))
        {
            throw new ChatRequestException("'input' is required: a string or an array of strings.", "input");
        }

        string[] inputs = input.ValueKind switch
        {
            JsonValueKind.String => [input.GetString()!],
            JsonValueKind.Array => ReadInputs(input),
            _ => throw new ChatRequestException("'input' must be a string or an array of strings.", "input"),
        };
        if (inputs.Length == 0 || inputs.Length > MaxInputs)
        {
            throw new ChatRequestException($"'input' must hold between 1 and {MaxInputs} strings; it holds {inputs.Length}.", "input");
        }

        string format = EmbeddingEncoding.Float;
        if (body.TryGetProperty("encoding_format", out JsonElement formatValue) && formatValue.ValueKind != JsonValueKind.Null)
        {
            format = formatValue.ValueKind == JsonValueKind.String && formatValue.GetString() is EmbeddingEncoding.Float or EmbeddingEncoding.Base64
                ? formatValue.GetString()!
                : throw new ChatRequestException("'encoding_format' must be \"float\" or \"base64\".", "encoding_format");
        }

        int? dimensions = null;
        if (body.TryGetProperty("dimensions", out JsonElement dimensionsValue) && dimensionsValue.ValueKind != JsonValueKind.Null)
        {
            dimensions = dimensionsValue.ValueKind == JsonValueKind.Number && dimensionsValue.TryGetInt32(out int size) && size >= 1
                ? size
                : throw new ChatRequestException("'dimensions' must be an integer of at least 1.", "dimensions");
        }

        string? user = null;
        if (body.TryGetProperty("user", out JsonElement userValue) && userValue.ValueKind != JsonValueKind.Null)
        {
            user = userValue.ValueKind == JsonValueKind.String ? userValue.GetString() : throw new ChatRequestException("'user' must be a string.", "user");
        }

        return new EmbeddingRequest { Model = model, Inputs = inputs, EncodingFormat = format, Dimensions = dimensions, User = user };
    }

    private static string[] ReadInputs(JsonElement array)
    {
        var inputs = new string[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            inputs[i] = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Number or JsonValueKind.Array => throw new ChatRequestException(
                    "'input' as tokens (arrays of integers) is not supported here: send the text.", $"input[{i}]"),
                _ => throw new ChatRequestException("Each item of 'input' must be a string.", $"input[{i}]"),
            };
            i++;
        }

        return inputs;
    }
}
