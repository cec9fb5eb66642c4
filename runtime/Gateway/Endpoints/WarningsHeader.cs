using System.Text;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Gateway;

/// <summary>
/// Tells the gateway's client what the upstream call changed about its request (a parameter dropped, <c>max_tokens</c>
/// clamped, a <c>tool_choice</c> replaced) in an <c>x-modelregistry-warnings</c> header: <c>code=setting</c> pairs, comma
/// separated. A header rather than a body field, so OpenAI's answer shape stays exactly OpenAI's; set before the first
/// byte of the answer, which for a stream is when its first update — the one carrying the warnings — arrived.
/// </summary>
internal static class WarningsHeader
{
    public const string Name = "x-modelregistry-warnings";

    public static void Set(HttpResponse response, IReadOnlyList<ChatWarning> warnings)
    {
        if (warnings.Count == 0)
        {
            return;
        }

        var value = new StringBuilder();
        foreach (ChatWarning warning in warnings)
        {
            if (value.Length > 0)
            {
                value.Append(", ");
            }

            AppendToken(value, warning.Code);
            value.Append('=');
            AppendToken(value, warning.Setting);
        }

        response.Headers[Name] = value.ToString();
    }

    /// <summary>A setting may be any extra body field a client sent: only characters safe in a header token go out.</summary>
    private static void AppendToken(StringBuilder value, string text)
    {
        foreach (char c in text)
        {
            value.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        }
    }
}
