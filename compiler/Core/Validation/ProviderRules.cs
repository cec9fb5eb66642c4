using System;
using System.Collections.Generic;

namespace ModelRegistry.Compiler;

/// <summary>
/// The validation rules a provider declaration follows wherever it is written (attribute or <c>providers</c> array):
/// names, kinds, endpoints, headers and secrets. Each rule returns why a value is invalid, or <see langword="null"/>.
/// </summary>
internal static class ProviderRules
{
    public const string OpenAICompatibleKind = "openai-compatible";

    public static readonly string[] Kinds = { OpenAICompatibleKind };

    /// <summary>Providers that run on the user's machine and need no API key (DESIGN.md, "names and environment").</summary>
    private static readonly string[] LocalProviderNames = { "vllm", "ollama", "lmstudio", "llamacpp" };

    /// <summary>Why <paramref name="name"/> cannot be a provider name, or <see langword="null"/> when it can.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        foreach (char c in name!)
        {
            if (c == ':')
            {
                return "it contains a colon";
            }

            if (!IsNameChar(c))
            {
                return c < ' ' || c > '~'
                    ? $"it contains the character U+{(int)c:X4}"
                    : $"it contains '{c}'";
            }
        }

        return null;
    }

    /// <summary>Whether a provider of this name (or served from this endpoint) needs no API key.</summary>
    public static bool IsLocal(string name, string? baseUrl)
    {
        foreach (string local in LocalProviderNames)
        {
            if (string.Equals(local, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return baseUrl is not null && Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) && uri.IsLoopback;
    }

    /// <summary>Why <paramref name="baseUrl"/> is not an absolute http(s) URI, or <see langword="null"/>.</summary>
    public static string? BaseUrlProblem(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out Uri? uri) || baseUrl.Trim().Length != baseUrl.Length)
        {
            return "is not an absolute URI. Write the server's base URL, for example \"http://localhost:8000/v1\".";
        }

        return uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? null
            : "is not an http or https URI. Write the server's base URL, for example \"https://api.example.com/v1\".";
    }

    /// <summary>Splits <c>Name: value</c> at the first colon; returns why it is malformed, or <see langword="null"/>.</summary>
    public static string? ParseHeader(string header, out string name, out string value)
    {
        int colon = header.IndexOf(':');
        name = colon < 0 ? header.Trim() : header.Substring(0, colon).Trim();
        value = colon < 0 ? string.Empty : header.Substring(colon + 1).Trim();
        if (colon < 0)
        {
            return "it has no ':' between name and value";
        }

        if (name.Length == 0)
        {
            return "the name before ':' is empty";
        }

        foreach (char c in name)
        {
            if (!IsHeaderNameChar(c))
            {
                return $"the name contains '{(c < ' ' || c > '~' ? $"U+{(int)c:X4}" : c.ToString())}'";
            }
        }

        foreach (char c in value)
        {
            if (c is '\r' or '\n' or '\0')
            {
                return "the value contains a line break";
            }
        }

        return null;
    }

    /// <summary>The variable a message suggests for the value of an auth-bearing header: the provider's <c>{PREFIX}_API_KEY</c>
    /// for the standard key headers (the client sends it by itself), else <c>{PREFIX}_{HEADER}</c>.</summary>
    public static string SuggestedHeaderVariable(string providerName, string headerName)
    {
        string lower = headerName.ToLowerInvariant();
        return SuggestedVariable(providerName, lower is "authorization" or "api-key" or "x-api-key" ? "API_KEY" : headerName);
    }

    /// <summary>The environment variable a message suggests for a secret: <c>{PREFIX}_{NAME}</c>.</summary>
    public static string SuggestedVariable(string providerName, string what)
    {
        var builder = new System.Text.StringBuilder();
        foreach (char c in providerName + "_" + what)
        {
            builder.Append(c is >= 'a' and <= 'z' ? (char)(c - 32) : (c is >= 'A' and <= 'Z' or >= '0' and <= '9' ? c : '_'));
        }

        return builder.ToString();
    }

    /// <summary><paramref name="value"/> without its <c>${NAME}</c> references, and how many it held (<see cref="SecretRule"/>).</summary>
    internal static string RemoveEnvironmentReferences(string value, out int references)
    {
        references = 0;
        var builder = new System.Text.StringBuilder();
        int position = 0;
        while (position < value.Length)
        {
            int start = value.IndexOf("${", position, StringComparison.Ordinal);
            int end = start < 0 ? -1 : value.IndexOf('}', start + 2);
            if (start < 0 || end < 0 || !IsVariableName(value, start + 2, end))
            {
                builder.Append(value, position, (start < 0 || end < 0 ? value.Length : start + 2) - position);
                position = start < 0 || end < 0 ? value.Length : start + 2;
                continue;
            }

            builder.Append(value, position, start - position);
            references++;
            position = end + 1;
        }

        return builder.ToString();
    }

    private static bool IsVariableName(string text, int start, int end)
    {
        if (end <= start || (text[start] >= '0' && text[start] <= '9'))
        {
            return false;
        }

        for (int i = start; i < end; i++)
        {
            char c = text[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameChar(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '-' or '_';

    // RFC 9110 token characters.
    private static bool IsHeaderNameChar(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
