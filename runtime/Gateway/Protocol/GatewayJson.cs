using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelRegistry.Gateway;

/// <summary>How the gateway writes JSON: like OpenAI does, without escaping HTML-sensitive characters such as <c>&gt;</c>.</summary>
internal static class GatewayJson
{
    /// <summary>The writer options of every JSON answer.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A string as a JSON value, quotes included, escaped as the gateway's own JSON is.</summary>
    public static byte[] QuotedString(string value)
    {
        ReadOnlySpan<byte> encoded = JsonEncodedText.Encode(value, WriterOptions.Encoder).EncodedUtf8Bytes;
        byte[] quoted = new byte[encoded.Length + 2];
        quoted[0] = (byte)'"';
        encoded.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        return quoted;
    }
}
