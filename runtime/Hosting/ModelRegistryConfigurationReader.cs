using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ModelRegistry.Compiler;

namespace ModelRegistry;

/// <summary>
/// Reads the <c>ModelRegistry</c> configuration section into <see cref="ModelRegistryOptions"/> by hand, not with the
/// reflection binder, so that native-AOT hosts need no binder generator. Every bad value fails with its configuration
/// path (<c>ModelRegistry:Providers:vllm:Timeout</c>) and never with the value itself: any of them may be a key.
/// </summary>
internal sealed class ModelRegistryConfigurationReader(IConfiguration? section) : IConfigureOptions<ModelRegistryOptions>
{
    private static readonly string[] ProviderKeys =
        ["BaseUrl", "ApiKey", "Headers", "Timeout", "MaxRetries", "StreamIdleTimeout", "MaxResponseBytes", "Compatibility"];

    private static readonly string[] CompatibilityKeys =
        ["SupportedToolChoice", "SupportedResponseFormat", "ReasoningContentKeepType", "IncludeUsage", "ReasoningFieldName", "MaxTokensField", "ReasoningTag"];

    public void Configure(ModelRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (section is null)
        {
            return;
        }

        foreach (IConfigurationSection provider in section.GetSection("Providers").GetChildren())
        {
            if (!options.Providers.TryGetValue(provider.Key, out ModelProviderOptions? target))
            {
                target = new ModelProviderOptions();
                options.Providers[provider.Key] = target;
            }

            ReadProvider(provider, target);
        }

        IConfigurationSection routing = section.GetSection("Routing");
        if (routing.Exists())
        {
            options.RoutingOverlay = ReadOverlay(routing);
        }

        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!IsOneOf(child.Key, "Providers", "Routing"))
            {
                throw Unknown(child, ["Providers", "Routing"]);
            }
        }
    }

    private static void ReadProvider(IConfigurationSection provider, ModelProviderOptions target)
    {
        string name = provider.Key;
        foreach (IConfigurationSection setting in provider.GetChildren())
        {
            switch (Normalize(setting.Key))
            {
                case "baseurl":
                    target.BaseUrl = Text(setting) is { } url
                        ? ProviderEnvironment.ParseHttpUri(url) ?? throw Invalid(setting, name, "an absolute http(s) URI, for example http://localhost:8000/v1")
                        : target.BaseUrl;
                    break;
                case "apikey":
                    target.ApiKey = Text(setting) ?? target.ApiKey;
                    break;
                case "headers":
                    foreach (IConfigurationSection header in setting.GetChildren())
                    {
                        target.Headers[header.Key] = header.Value ?? throw Invalid(header, name, "a string (the header's value)");
                    }

                    break;
                case "timeout":
                    target.Timeout = Duration(setting, name) ?? target.Timeout;
                    break;
                case "streamidletimeout":
                    target.StreamIdleTimeout = Duration(setting, name) ?? target.StreamIdleTimeout;
                    break;
                case "maxretries":
                    target.MaxRetries = Text(setting) is { } retries
                        ? int.TryParse(retries, NumberStyles.None, CultureInfo.InvariantCulture, out int count) ? count : throw Invalid(setting, name, "a whole number of retries, 0 or more")
                        : target.MaxRetries;
                    break;
                case "maxresponsebytes":
                    target.MaxResponseBytes = Text(setting) is { } bytes
                        ? long.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out long limit) && limit > 0 ? limit : throw Invalid(setting, name, "a positive whole number of bytes")
                        : target.MaxResponseBytes;
                    break;
                case "compatibility" or "compatibilityoptions":
                    target.Compatibility = ReadCompatibility(setting, name, target.Compatibility ?? new CompatibilityOverrides());
                    break;
                default:
                    throw Unknown(setting, ProviderKeys);
            }
        }
    }

    private static CompatibilityOverrides ReadCompatibility(IConfigurationSection section, string provider, CompatibilityOverrides overrides)
    {
        foreach (IConfigurationSection option in section.GetChildren())
        {
            overrides = Normalize(option.Key) switch
            {
                "supportedtoolchoice" => overrides with { SupportedToolChoice = Flags<ToolChoiceSupport>(option, provider, "auto, none, required, specific") },
                "supportedresponseformat" => overrides with { SupportedResponseFormat = Flags<ResponseFormatSupport>(option, provider, "json_schema, json_mode") },
                "reasoningcontentkeeptype" or "reasoningkeeppolicy" => overrides with { ReasoningContentKeepType = Choice<ReasoningContentKeepType>(option, provider, "discard, temp, retain (or never, current, all)") },
                "reasoningfieldname" => overrides with { ReasoningFieldName = Choice<ReasoningFieldName>(option, provider, "reasoning_content, reasoning") },
                "maxtokensfield" => overrides with { MaxTokensField = Choice<MaxTokensField>(option, provider, "max_tokens, max_completion_tokens") },
                "includeusage" => overrides with
                {
                    IncludeUsage = bool.TryParse(Text(option), out bool include) ? include : throw Invalid(option, provider, "true or false"),
                },
                "reasoningtag" => overrides with { ReasoningTag = option.Value ?? "" },
                _ => throw Unknown(option, CompatibilityKeys),
            };
        }

        return overrides;
    }

    /// <summary>A set option: an array (<c>["auto", "required"]</c>) or a comma-separated string; an empty one accepts nothing.</summary>
    private static T Flags<T>(IConfigurationSection option, string provider, string valid)
        where T : struct, Enum
    {
        IEnumerable<string> values = option.Value is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : option.GetChildren().Select(item => item.Value ?? "");
        return CompatibilityValueNames.TryParseSet(values, out T set, out _) ? set : throw Invalid(option, provider, "a list of " + valid);
    }

    private static T Choice<T>(IConfigurationSection option, string provider, string valid)
        where T : struct, Enum =>
        CompatibilityValueNames.Parse<T>(Text(option) ?? "") ?? throw Invalid(option, provider, "one of " + valid);

    private static TimeSpan? Duration(IConfigurationSection setting, string provider)
    {
        if (Text(setting) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds < int.MaxValue)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span) && span > TimeSpan.Zero
            ? span
            : throw Invalid(setting, provider, "a positive number of seconds (30) or a time span (00:00:30)");
    }

    /// <summary>The <c>Routing</c> section is a routing overlay's content: written back as JSON and read by the overlay's
    /// own parser, so that both spell it the same way. A model id's colon is configuration's path separator, so
    /// <c>"local:assistant"</c> arrives as two levels: a model is the path down to the level that holds <c>routes</c>.
    /// Numbers and booleans arrive as text and are written back as JSON numbers and booleans.</summary>
    private static RoutingOverlay ReadOverlay(IConfigurationSection routing)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (IConfigurationSection child in routing.GetChildren())
            {
                writer.WritePropertyName(child.Key);
                if (child.Key.Equals("models", StringComparison.OrdinalIgnoreCase))
                {
                    writer.WriteStartObject();
                    WriteModels(writer, child, prefix: "");
                    writer.WriteEndObject();
                }
                else
                {
                    WriteValue(writer, child);
                }
            }

            writer.WriteEndObject();
        }

        return RoutingOverlay.Parse(buffer.ToArray(), "configuration section " + routing.Path);
    }

    private static readonly string[] RouteKeys =
        ["weight", "base_url", "api_key", "enabled", "requests_per_minute", "tokens_per_minute", "tokens_per_hour", "tokens_per_day", "provider_model_id", "timeout_seconds"];

    private static void WriteModels(Utf8JsonWriter writer, IConfigurationSection level, string prefix)
    {
        foreach (IConfigurationSection child in level.GetChildren())
        {
            if (!child.GetSection("routes").Exists())
            {
                WriteModels(writer, child, prefix + child.Key + ":");
                continue;
            }

            writer.WritePropertyName(prefix + child.Key);
            writer.WriteStartObject();
            foreach (IConfigurationSection property in child.GetChildren())
            {
                writer.WritePropertyName(property.Key);
                if (property.Key.Equals("routes", StringComparison.OrdinalIgnoreCase))
                {
                    writer.WriteStartObject();
                    WriteRoutes(writer, property, prefix: "");
                    writer.WriteEndObject();
                }
                else
                {
                    WriteValue(writer, property);
                }
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>A route named after a host and port (<c>127.0.0.1:9</c>) arrives split as well: a route is the path down
    /// to the level that holds a route setting.</summary>
    private static void WriteRoutes(Utf8JsonWriter writer, IConfigurationSection level, string prefix)
    {
        foreach (IConfigurationSection child in level.GetChildren())
        {
            if (child.GetChildren().Any(setting => RouteKeys.Contains(setting.Key, StringComparer.OrdinalIgnoreCase)))
            {
                writer.WritePropertyName(prefix + child.Key);
                WriteValue(writer, child);
            }
            else
            {
                WriteRoutes(writer, child, prefix + child.Key + ":");
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, IConfigurationSection section)
    {
        List<IConfigurationSection> children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            string? value = section.Value;
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else if (bool.TryParse(value, out bool flag))
            {
                writer.WriteBooleanValue(flag);
            }
            else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
            {
                writer.WriteNumberValue(number);
            }
            else
            {
                writer.WriteStringValue(value);
            }

            return;
        }

        // Configuration flattens arrays to keys 0..n-1.
        bool isArray = children.Select((child, index) => child.Key == index.ToString(CultureInfo.InvariantCulture)).All(matches => matches);
        if (isArray)
        {
            writer.WriteStartArray();
            foreach (IConfigurationSection child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                WriteValue(writer, child);
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        foreach (IConfigurationSection child in children)
        {
            writer.WritePropertyName(child.Key);
            WriteValue(writer, child);
        }

        writer.WriteEndObject();
    }

    private static string? Text(IConfigurationSection setting) =>
        string.IsNullOrWhiteSpace(setting.Value) ? null : setting.Value.Trim();

    private static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();

    private static bool IsOneOf(string key, params string[] names) =>
        names.Any(name => Normalize(name) == Normalize(key));

    private static ModelConfigurationException Invalid(IConfigurationSection setting, string provider, string expected) =>
        new($"{setting.Path} must be {expected}.", provider, variableName: null) { ConfigurationPath = setting.Path };

    private static ModelConfigurationException Unknown(IConfigurationSection setting, string[] known)
    {
        string? closest = ClosestMatch.Find(setting.Key, known);
        string hint = closest is null ? "" : $" Did you mean '{closest}'?";
        return new ModelConfigurationException(
            $"{setting.Path} is not a ModelRegistry setting.{hint} Known here: {string.Join(", ", known)}.", provider: "", variableName: null)
        {
            ConfigurationPath = setting.Path,
        };
    }
}
