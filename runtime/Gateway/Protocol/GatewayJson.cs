using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelRegistry.Gateway;

/// <summary>How the gateway writes JSON: like OpenAI does, without escaping HTML-sensitive characters such as <c>&gt;</c>.</summary>
internal static class GatewayJson
{
    /// <summary>The writer options of every JSON answer.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
