using Microsoft.Net.Http.Headers;

namespace ModelRegistry.Gateway;

/// <summary>
/// Whether a request's <c>Content-Type</c> is JSON: <c>application/json</c>, with no charset or with UTF-8 (the only
/// encoding JSON may be exchanged in, RFC 8259 §8.1). Requiring it makes a browser ask before a cross-site page can
/// post to the gateway (a CORS preflight, which the gateway never grants), so a page cannot run completions on it.
/// </summary>
internal static class JsonContentType
{
    /// <summary>Whether <paramref name="contentType"/> is JSON in UTF-8; a missing header is not.</summary>
    public static bool IsJson(string? contentType)
    {
        // What clients send nearly always, checked without parsing (the parser allocates).
        if (string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed))
        {
            return false;
        }

        return parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && (parsed.Charset.Length == 0
                || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                || parsed.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The header as shown in the error message, cut short (it is the client's text).</summary>
    public static string Describe(string? contentType) => contentType switch
    {
        null or "" => "no Content-Type",
        { Length: <= 80 } => $"'{contentType}'",
        _ => $"'{contentType[..80]}…'",
    };
}
