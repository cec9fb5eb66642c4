using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// Reads a provider's environment variables (<c>{PREFIX}_API_BASE</c>, <c>_BASE_URL</c>, <c>_API_KEY</c>,
/// <c>_CUSTOM_HEADERS</c>, <c>_TIMEOUT</c>, <c>_MAX_RETRIES</c>, <c>_STREAM_IDLE_TIMEOUT</c>,
/// <c>_MAX_RESPONSE_BYTES</c>, <c>_PROVIDER_NAME</c>) and resolves <c>${ENV}</c> references.
/// Every bad value is a <see cref="ModelConfigurationException"/> naming the variable; no value is echoed
/// back in a message, since any of them may hold a secret.
/// </summary>
internal static class ProviderEnvironment
{
    public static string? Read(string name)
    {
        string? value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>Settings, then <c>_API_BASE</c>, then <c>_BASE_URL</c>, then the declaration.</summary>
    public static Uri? ResolveEndpoint(ProviderInfo provider, ChatModelSettings? settings)
    {
        if (settings?.Endpoint is { } endpoint)
        {
            return IsHttpUri(endpoint)
                ? endpoint
                : throw new ModelConfigurationException(
                    $"The endpoint given in ChatModelSettings.Endpoint for provider '{provider.Name}' is not an absolute http(s) URI.",
                    provider.Name, variableName: null);
        }

        // _BASE_URL is read only when _API_BASE is unset: its value cannot matter otherwise.
        ProviderVariables variables = provider.Variables;
        return FromVariable(variables.ApiBase) ?? FromVariable(variables.BaseUrl) ?? variables.DeclaredEndpoint;

        Uri? FromVariable(string variable) => Read(variable) is not { } text ? null : ParseHttpUri(text) ?? throw new ModelConfigurationException(
            $"{variable} is not an absolute http(s) URI (provider '{provider.Name}'). Set it to the server's base URL, for example http://localhost:8000/v1.",
            provider.Name, variable);
    }

    /// <summary><c>{PREFIX}_PROVIDER_NAME</c>, else (generic provider only) the provider detected from the endpoint, else the name.</summary>
    /// <param name="provider">The provider being loaded.</param>
    /// <param name="endpoint">The resolved endpoint, or <see langword="null"/>.</param>
    /// <param name="endpointNeedsKey">Whether the generic provider's endpoint is a known hosted provider, which needs a key.</param>
    public static string ResolveDisplayName(ProviderInfo provider, Uri? endpoint, out bool endpointNeedsKey)
    {
        endpointNeedsKey = false;
        string? detected = GenericProvider.Is(provider) && endpoint is not null
            ? KnownProviderHosts.Detect(endpoint, out endpointNeedsKey)
            : null;
        return Read(provider.Variables.ProviderName) ?? detected ?? provider.Name;
    }

    public static string? ResolveApiKey(ProviderInfo provider, ChatModelSettings? settings) =>
        settings?.ApiKey is { Length: > 0 } key ? key : Read(provider.Variables.ApiKey);

    /// <summary>Declared headers (with <c>${ENV}</c> resolved), then <c>_CUSTOM_HEADERS</c>, then settings; a later name replaces an earlier one.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ResolveHeaders(ProviderInfo provider, ChatModelSettings? settings)
    {
        string customVariable = provider.Variables.CustomHeaders;
        string? customJson = Read(customVariable);
        if (provider.Headers.IsEmpty && settings?.Headers is null && customJson is null)
        {
            return [];
        }

        List<KeyValuePair<string, string>> fromEnvironment = customJson is null
            ? []
            : ParseHeaderObject(customJson, provider.Name, customVariable);

        var headers = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> header in provider.Headers)
        {
            // A declared header that the environment or the settings replace need not resolve: its ${ENV} may be unset then.
            if (fromEnvironment.Exists(h => SameName(h.Key, header.Key)) ||
                (settings?.Headers is { } replacing && replacing.Keys.Any(name => SameName(name, header.Key))))
            {
                continue;
            }

            Set(headers, header.Key, ExpandEnvironmentReferences(header.Value, provider.Name, $"header '{header.Key}'"));
        }

        foreach (KeyValuePair<string, string> header in fromEnvironment)
        {
            Set(headers, header.Key, header.Value);
        }

        if (settings?.Headers is { } fromSettings)
        {
            foreach (KeyValuePair<string, string> header in fromSettings)
            {
                Set(headers, header.Key, header.Value);
            }
        }

        return headers;

        static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        static void Set(List<KeyValuePair<string, string>> headers, string name, string value)
        {
            int existing = headers.FindIndex(h => SameName(h.Key, name));
            if (existing >= 0)
            {
                headers[existing] = new(name, value);
            }
            else
            {
                headers.Add(new(name, value));
            }
        }
    }

    public static TimeSpan? ResolveTimeout(ProviderInfo provider, ChatModelSettings? settings) =>
        settings?.Timeout is { } timeout ? timeout : ReadSeconds(provider, provider.Variables.Timeout);

    public static TimeSpan? ResolveStreamIdleTimeout(ProviderInfo provider, ChatModelSettings? settings) =>
        settings?.StreamIdleTimeout is { } idle ? idle : ReadSeconds(provider, provider.Variables.StreamIdleTimeout);

    public static long? ResolveMaxResponseBytes(ProviderInfo provider, ChatModelSettings? settings)
    {
        if (settings?.MaxResponseBytes is { } bytes)
        {
            return bytes;
        }

        string variable = provider.Variables.MaxResponseBytes;
        if (Read(variable) is not { } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long limit) && limit > 0
            ? limit
            : throw new ModelConfigurationException(
                $"{variable} must be a positive whole number of bytes (provider '{provider.Name}').", provider.Name, variable);
    }

    /// <summary>A variable holding a positive number of seconds (decimals allowed), or <see langword="null"/> when unset.</summary>
    private static TimeSpan? ReadSeconds(ProviderInfo provider, string variable)
    {
        if (Read(variable) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds < int.MaxValue
            ? TimeSpan.FromSeconds(seconds)
            : throw new ModelConfigurationException(
                $"{variable} must be a positive number of seconds (provider '{provider.Name}').", provider.Name, variable);
    }

    public static int? ResolveMaxRetries(ProviderInfo provider, ChatModelSettings? settings)
    {
        if (settings?.MaxRetries is { } retries)
        {
            return retries;
        }

        string variable = provider.Variables.MaxRetries;
        if (Read(variable) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            ? count
            : throw new ModelConfigurationException(
                $"{variable} must be a whole number of retries, 0 or more (provider '{provider.Name}').", provider.Name, variable);
    }

    /// <summary>Whether <paramref name="value"/> is exactly one <c>${NAME}</c> reference (so it names a key, and is not one).</summary>
    public static bool IsEnvironmentReference(string value) =>
        value.Length > 3 && value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}') && value.IndexOf('}') == value.Length - 1;

    /// <summary>A key reference as diagnostics may show it: the <c>${NAME}</c> reference itself, or a placeholder when the
    /// value is anything else (it may be the key written in its place).</summary>
    public static string? DescribeKeyReference(string? value) =>
        value is null || IsEnvironmentReference(value) ? value : "(hidden: not an ${ENV} reference)";

    /// <summary>Replaces every <c>${NAME}</c> in <paramref name="template"/> with the variable's value.</summary>
    public static string ExpandEnvironmentReferences(string template, string provider, string what)
    {
        int start = template.IndexOf("${", StringComparison.Ordinal);
        if (start < 0)
        {
            return template;
        }

        var result = new StringBuilder(template.Length);
        int position = 0;
        while (start >= 0)
        {
            int end = template.IndexOf('}', start + 2);
            if (end < 0)
            {
                break;
            }

            string variable = template.Substring(start + 2, end - start - 2);
            string value = Read(variable) ?? throw new ModelConfigurationException(
                $"The {what} of provider '{provider}' references the environment variable {variable}, which is not set.",
                provider, variable);
            result.Append(template, position, start - position).Append(value);
            position = end + 1;
            start = template.IndexOf("${", position, StringComparison.Ordinal);
        }

        return result.Append(template, position, template.Length - position).ToString();
    }

    public static Uri? ParseHttpUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && IsHttpUri(uri) ? uri : null;

    private static bool IsHttpUri(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static List<KeyValuePair<string, string>> ParseHeaderObject(string json, string provider, string variable)
    {
        var headers = new List<KeyValuePair<string, string>>();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    throw Invalid(null);
                }

                headers.Add(new(name, reader.GetString()!));
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw Invalid(null);
            }
        }
        catch (JsonException)
        {
            // The reader's message quotes the offending bytes, which may be part of a secret: keep it out.
            throw Invalid(null);
        }

        return headers;

        ModelConfigurationException Invalid(Exception? inner) => new(
            $"{variable} must be a JSON object of header names to string values, for example {{\"X-Title\": \"my-app\"}} (provider '{provider}').",
            provider, variable, inner);
    }
}
