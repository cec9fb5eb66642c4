using System.Reflection;
using System.Text.Json;

namespace ModelRegistry.Tests.BuiltIns;

/// <summary>
/// The built-in provider table read straight from <c>generator/BuiltIns/builtin-providers.json</c> with
/// System.Text.Json: the expected values of the tests, independent of the compiler's own reader and the emitter.
/// </summary>
internal static class BuiltInTable
{
    public static string RepositoryRoot { get; } = typeof(BuiltInTable).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    public static string DataFile { get; } = Path.Combine(RepositoryRoot, "generator", "BuiltIns", "builtin-providers.json");

    public static IReadOnlyList<BuiltInEntry> Entries { get; } = Read();

    /// <summary>The provider names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (BuiltInEntry entry in Entries)
            {
                names.Add(entry.Name);
            }

            return names;
        }
    }

    public static BuiltInEntry Entry(string name) => Entries.Single(e => e.Name == name);

    private static List<BuiltInEntry> Read()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(DataFile));
        var entries = new List<BuiltInEntry>();
        foreach (JsonElement provider in document.RootElement.GetProperty("providers").EnumerateArray())
        {
            string name = provider.GetProperty("name").GetString()!;
            entries.Add(new BuiltInEntry(
                name,
                name.ToUpperInvariant().Replace('-', '_'),
                OptionalString(provider, "base_url"),
                provider.TryGetProperty("is_local", out JsonElement local) && local.GetBoolean(),
                OptionalString(provider, "authentication") == "api_key_header" ? ProviderAuthentication.ApiKeyHeader : ProviderAuthentication.Bearer,
                OptionalString(provider, "api_version"),
                provider.TryGetProperty("compatibility_options", out JsonElement options) ? Compatibility(options) : CompatibilityOptions.Default));
        }

        return entries;
    }

    private static CompatibilityOptions Compatibility(JsonElement options)
    {
        var result = new CompatibilityOptions();
        foreach (JsonProperty option in options.EnumerateObject())
        {
            result = option.Name switch
            {
                "supported_tool_choice" => result with
                {
                    SupportedToolChoice = option.Value.EnumerateArray().Aggregate((ToolChoiceSupport)0, (all, value) => all | value.GetString() switch
                    {
                        "auto" => ToolChoiceSupport.Auto,
                        "none" => ToolChoiceSupport.None,
                        "required" => ToolChoiceSupport.Required,
                        "specific" => ToolChoiceSupport.Specific,
                        var other => throw new InvalidDataException($"tool_choice '{other}'"),
                    }),
                },
                "supported_response_format" => result with
                {
                    SupportedResponseFormat = option.Value.EnumerateArray().Aggregate(ResponseFormatSupport.NotSupported, (all, value) => all | value.GetString() switch
                    {
                        "json_schema" => ResponseFormatSupport.JsonSchema,
                        "json_mode" or "json_object" => ResponseFormatSupport.JsonMode,
                        var other => throw new InvalidDataException($"response_format '{other}'"),
                    }),
                },
                "reasoning_content_keep_type" => result with { ReasoningContentKeepType = Enum.Parse<ReasoningContentKeepType>(option.Value.GetString()!, ignoreCase: true) },
                "reasoning_field_name" => result with
                {
                    ReasoningFieldName = option.Value.GetString() == "reasoning" ? ReasoningFieldName.Reasoning : ReasoningFieldName.ReasoningContent,
                },
                "max_tokens_field" => result with
                {
                    MaxTokensField = option.Value.GetString() == "max_completion_tokens" ? MaxTokensField.MaxCompletionTokens : MaxTokensField.MaxTokens,
                },
                "include_usage" => result with { IncludeUsage = option.Value.GetBoolean() },
                "reasoning_tag" => result with { ReasoningTag = option.Value.GetString() },
                _ => throw new InvalidDataException($"The test does not know the compatibility option '{option.Name}'."),
            };
        }

        return result;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One row of the built-in table, with library defaults filled in.</summary>
internal sealed record BuiltInEntry(
    string Name,
    string EnvironmentPrefix,
    string? BaseUrl,
    bool IsLocal,
    ProviderAuthentication Authentication,
    string? ApiVersion,
    CompatibilityOptions Compatibility);
