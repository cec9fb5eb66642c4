using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Typed structured output for any <see cref="IChatClient"/>, AOT-safe: the schema and the parsing both come
/// from a source-generated <see cref="JsonTypeInfo{T}"/>. With the library's client the schema travels as
/// <c>response_format: json_schema</c> where the provider supports it, else as a forced function call.
/// </summary>
public static class StructuredOutputExtensions
{
    /// <summary>Asks for an answer shaped like <typeparamref name="T"/> and returns it parsed.</summary>
    /// <exception cref="ModelRegistryException">The answer is not JSON of that shape.</exception>
    public static async Task<T> GetStructuredResponseAsync<T>(
        this IChatClient client,
        IEnumerable<ChatMessage> messages,
        JsonTypeInfo<T> typeInfo,
        ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(typeInfo);
        ChatOptions request = options?.Clone() ?? new ChatOptions();
        request.ResponseFormat = ChatResponseFormat.ForJsonSchema(CreateSchema(typeInfo), typeInfo.Type.Name);
        ChatResponse response = await client.GetResponseAsync(messages, request, cancellationToken).ConfigureAwait(false);
        string json = StripCodeFence(response.Text);
        try
        {
            T? value = JsonSerializer.Deserialize(json, typeInfo);
            return value ?? throw new ModelRegistryException($"The model answered 'null' where a {typeInfo.Type.Name} was asked for.");
        }
        catch (JsonException exception)
        {
            throw new ModelRegistryException($"The model's answer is not a JSON {typeInfo.Type.Name}: {exception.Message}", exception);
        }
    }

    /// <summary>The JSON schema of <paramref name="typeInfo"/>'s type, as sent to the provider.</summary>
    public static JsonElement CreateSchema(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var exporterOptions = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true };
        string schema = JsonSchemaExporter.GetJsonSchemaAsNode(typeInfo, exporterOptions).ToJsonString();
        using JsonDocument document = JsonDocument.Parse(schema);
        return document.RootElement.Clone();
    }

    /// <summary>Some models wrap JSON in a Markdown code fence even when asked for JSON alone.</summary>
    private static string StripCodeFence(string text)
    {
        string trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return trimmed;
        }

        int firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return firstLineEnd < 0 ? trimmed : trimmed[(firstLineEnd + 1)..^3].Trim();
    }
}
