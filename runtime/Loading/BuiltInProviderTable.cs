using System.Collections.Immutable;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// The built-in providers (<c>openai</c>, <c>deepseek</c>, <c>ollama</c>, ...) as run-time objects, owned here once
/// instead of being compiled into every user's registry: generated code refers to these instances for each built-in the
/// user neither redeclares nor gives profiles to. The data has one home, <c>generator/BuiltIns/builtin-providers.json</c>,
/// embedded in this assembly as it is in the generator and the analyzers, and read on first use.
/// </summary>
/// <remarks>
/// A test (tests/ModelRegistry.Tests, BuiltIns/RuntimeBuiltInsTests.cs) compares every property of these instances with
/// what the generator emits from the same file, so this reader and the compiler's cannot drift. The file is shipped
/// with the assembly and checked by the compiler's tests, so a value this reader does not know is a bug: it throws.
/// </remarks>
internal static class BuiltInProviderTable
{
    private const string ResourceName = "ModelRegistry.BuiltInProviders.json";

    private static readonly Lazy<ImmutableArray<ProviderInfo>> Table = new(Read);

    /// <summary>Every built-in provider, in table order.</summary>
    public static ImmutableArray<ProviderInfo> All => Table.Value;

    /// <summary>The built-in named <paramref name="name"/> (exactly, as the generator writes it), or <see langword="null"/>.</summary>
    public static ProviderInfo? Find(string name)
    {
        foreach (ProviderInfo provider in All)
        {
            if (provider.Name == name)
            {
                return provider;
            }
        }

        return null;
    }

    private static ImmutableArray<ProviderInfo> Read()
    {
        using Stream stream = typeof(BuiltInProviderTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource '{ResourceName}' is missing from the ModelRegistry assembly.");
        byte[] data = new byte[stream.Length];
        stream.ReadExactly(data);

        var reader = new Utf8JsonReader(data, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var providers = ImmutableArray.CreateBuilder<ProviderInfo>();
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("providers"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            Expect(ref reader, JsonTokenType.StartArray);
            while (Next(ref reader) == JsonTokenType.StartObject)
            {
                providers.Add(ReadProvider(ref reader));
            }
        }

        return providers.ToImmutable();
    }

    private static ProviderInfo ReadProvider(ref Utf8JsonReader reader)
    {
        string? name = null, kind = null, baseUrl = null, apiVersion = null;
        bool isLocal = false;
        ProviderAuthentication authentication = ProviderAuthentication.Bearer;
        CompatibilityOptions compatibility = CompatibilityOptions.Default;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string property = reader.GetString()!;
            reader.Read();
            switch (property)
            {
                case "name": name = reader.GetString(); break;
                case "kind": kind = reader.GetString(); break;
                case "base_url": baseUrl = reader.GetString(); break;
                case "api_version": apiVersion = reader.GetString(); break;
                case "is_local": isLocal = reader.GetBoolean(); break;
                case "authentication":
                    authentication = reader.GetString() switch
                    {
                        "bearer" => ProviderAuthentication.Bearer,
                        "api_key_header" => ProviderAuthentication.ApiKeyHeader,
                        var other => throw Unknown(property, other),
                    };
                    break;
                case "compatibility_options": compatibility = ReadCompatibility(ref reader); break;
                case "catalog": reader.Skip(); break; // the models.dev id: used at build time only
                default: throw Unknown(property, null);
            }
        }

        string providerName = name ?? throw new InvalidDataException("A built-in provider has no name.");
        return new ProviderInfo
        {
            Name = providerName,
            Kind = kind ?? "openai-compatible",
            BaseUrl = baseUrl,
            // DESIGN.md's rule, the one the generator applies to every provider it emits.
            EnvironmentPrefix = providerName.ToUpperInvariant().Replace('-', '_'),
            Compatibility = compatibility,
            IsLocal = isLocal,
            IsBuiltIn = true,
            Authentication = authentication,
            ApiVersion = apiVersion,
        };
    }

    private static CompatibilityOptions ReadCompatibility(ref Utf8JsonReader reader)
    {
        var options = new CompatibilityOptions();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("compatibility_options is not an object.");
        }

        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string option = reader.GetString()!;
            reader.Read();
            options = option switch
            {
                "supported_tool_choice" => options with { SupportedToolChoice = ReadFlags<ToolChoiceSupport>(ref reader, option) },
                "supported_response_format" => options with { SupportedResponseFormat = ReadFlags<ResponseFormatSupport>(ref reader, option) },
                "reasoning_content_keep_type" => options with { ReasoningContentKeepType = ReadChoice<ReasoningContentKeepType>(ref reader, option) },
                "reasoning_field_name" => options with { ReasoningFieldName = ReadChoice<ReasoningFieldName>(ref reader, option) },
                "max_tokens_field" => options with { MaxTokensField = ReadChoice<MaxTokensField>(ref reader, option) },
                "include_usage" => options with { IncludeUsage = reader.GetBoolean() },
                // An empty tag is no tag, as the generator reads it.
                "reasoning_tag" => options with { ReasoningTag = reader.GetString() is { Length: > 0 } tag ? tag : null },
                _ => throw Unknown(option, null),
            };
        }

        // The layer nothing changed is the shared default instance, as in generated code.
        return options == CompatibilityOptions.Default ? CompatibilityOptions.Default : options;
    }

    private static T ReadChoice<T>(ref Utf8JsonReader reader, string option)
        where T : struct, Enum
    {
        string value = reader.GetString()!;
        return CompatibilityValueNames.Parse<T>(value) ?? throw Unknown(option, value);
    }

    private static T ReadFlags<T>(ref Utf8JsonReader reader, string option)
        where T : struct, Enum
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidDataException($"{option} is not an array.");
        }

        var values = new List<string>();
        while (Next(ref reader) == JsonTokenType.String)
        {
            values.Add(reader.GetString()!);
        }

        return CompatibilityValueNames.TryParseSet(values, out T set, out string? invalid) ? set : throw Unknown(option, invalid);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new InvalidDataException("The built-in provider table ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (Next(ref reader) != token)
        {
            throw new InvalidDataException($"The built-in provider table has {reader.TokenType} where {token} belongs.");
        }
    }

    private static InvalidDataException Unknown(string property, string? value) => new(value is null
        ? $"The built-in provider table has '{property}', which this version of the runtime does not know."
        : $"The built-in provider table sets '{property}' to '{value}', which this version of the runtime does not know.");
}
