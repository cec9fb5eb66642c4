using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Typed structured output for any <see cref="IChatClient"/>, AOT-safe: the schema and the parsing both come
/// from a source-generated <see cref="JsonTypeInfo{T}"/>. With the library's client the schema travels as
/// <c>response_format: json_schema</c> where the provider supports it, else as a forced function call. The schema is
/// named after the type in the characters providers allow (<c>List&lt;string&gt;</c> becomes <c>List_String</c>), and a
/// type that is not an object travels inside an object's <c>data</c> property, taken out of the answer again.
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
        JsonElement schema = CreateSchema(typeInfo);

        // Providers accept only an object at the root (OpenAI's structured outputs reject any other): a list, an array,
        // a primitive or an enum is asked for as {"data": …} and taken out of that object again.
        bool wrapped = StructuredOutputSchema.NeedsWrapping(schema);
        request.ResponseFormat = ChatResponseFormat.ForJsonSchema(
            wrapped ? StructuredOutputSchema.Wrap(schema) : schema, StructuredOutputSchema.NameFor(typeInfo.Type));
        ChatResponse response = await client.GetResponseAsync(messages, request, cancellationToken).ConfigureAwait(false);
        string json = StripCodeFence(response.Text);
        try
        {
            T? value;
            if (wrapped)
            {
                using JsonDocument document = JsonDocument.Parse(json);
                value = StructuredOutputSchema.Unwrap(document.RootElement).Deserialize(typeInfo);
            }
            else
            {
                value = JsonSerializer.Deserialize(json, typeInfo);
            }

            return value ?? throw new ModelRegistryException($"The model answered 'null' where a {typeInfo.Type.Name} was asked for.");
        }
        catch (JsonException exception)
        {
            throw new ModelRegistryException($"The model's answer is not a JSON {typeInfo.Type.Name}: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// The JSON schema of <paramref name="typeInfo"/>'s type. <see cref="GetStructuredResponseAsync{T}"/> sends it as it is
    /// for an object type, and wrapped in <c>{"type":"object","properties":{"data":…}}</c> for any other (a list, an
    /// array, a primitive, an enum), because providers accept only an object at the root.
    /// </summary>
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
