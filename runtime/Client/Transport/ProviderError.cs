using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ModelRegistry;

/// <summary>
/// Reads the error a provider sent, whatever its shape, into a <see cref="ChatProviderException"/>:
/// OpenAI's <c>{"error":{"message","type","code"}}</c> (code a string or a number), the legacy flat vLLM
/// <c>{"object":"error","message",…}</c>, <c>{"error":"text"}</c>, FastAPI's <c>{"detail":…}</c>, or plain text —
/// regardless of the content type it came with (DeepSeek sends JSON as <c>application/octet-stream</c>).
/// </summary>
internal static class ProviderError
{
    private const int MaxRawMessageLength = 2000;

    private static readonly string[] RequestIdHeaders = ["x-request-id", "request-id", "apim-request-id", "x-groq-id", "cf-ray"];

    /// <summary>The exception for an HTTP error answer.</summary>
    public static ChatProviderException FromHttpResponse(
        ChatModelConfiguration configuration, HttpStatusCode status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        ErrorFields fields = Parse(body);
        string? requestId = ReadRequestId(headers) ?? fields.RequestId;
        string providerMessage = ApiKeyRedactor.Redact(fields.Message ?? DescribeEmpty(status), configuration.ApiKey);
        string message = string.Create(CultureInfo.InvariantCulture,
            $"{configuration.Provider.Name} answered {(int)status} ({status}) for model '{configuration.RequestModel}': {providerMessage}{FormatCode(fields.Code)}{FormatRequestId(requestId)}");
        return new ChatProviderException(message, configuration.Provider.Name, status, providerMessage, fields.Code, requestId)
        {
            RetryAfter = RetryPolicy.ReadRetryAfter(headers),
        };
    }

    /// <summary>The exception for an error object sent with a successful (200) status: inside a stream, or as the whole body.</summary>
    public static ChatProviderException FromStreamError(ChatModelConfiguration configuration, ReadOnlySpan<byte> data, string? requestId)
    {
        ErrorFields fields = Parse(data);
        string providerMessage = ApiKeyRedactor.Redact(fields.Message ?? "the provider reported an error without a message", configuration.ApiKey);
        HttpStatusCode? status = fields.Status is { } code ? (HttpStatusCode)code : null;
        string message = string.Create(CultureInfo.InvariantCulture,
            $"{configuration.Provider.Name} reported an error while answering model '{configuration.RequestModel}': {providerMessage}{FormatCode(fields.Code)}{FormatRequestId(requestId)}");
        return new ChatProviderException(message, configuration.Provider.Name, status, providerMessage, fields.Code, requestId);
    }

    /// <summary>The exception for a stream that ended, or broke, before it was complete.</summary>
    public static ChatProviderException Incomplete(ChatModelConfiguration configuration, string reason, string? requestId, Exception? inner = null) =>
        new($"The stream from {configuration.Provider.Name} for model '{configuration.RequestModel}' {reason}{FormatRequestId(requestId)}",
            configuration.Provider.Name, statusCode: null, providerMessage: null, errorCode: null, requestId: requestId, innerException: inner);

    /// <summary>The headers, in order, that carry a provider's request id.</summary>
    public static ReadOnlySpan<string> RequestIdHeaderNames => RequestIdHeaders;

    public static string? ReadRequestId(HttpResponseHeaders headers)
    {
        // The non-validating view hands out the stored string itself, with no array or enumerator per lookup.
        foreach (string name in RequestIdHeaders)
        {
            if (headers.NonValidated.TryGetValues(name, out HeaderStringValues values))
            {
                foreach (string value in values)
                {
                    if (value.Length > 0)
                    {
                        return value;
                    }

                    break;
                }
            }
        }

        return null;
    }

    /// <summary>The message, code and request id of an error body in any of the shapes above (all <see langword="null"/>
    /// for an empty body), for errors that reach the library as another client's exception (a case-1 client).</summary>
    public static (string? Message, string? Code, string? RequestId) ReadBody(ReadOnlySpan<byte> body)
    {
        ErrorFields fields = Parse(body);
        return (fields.Message, fields.Code, fields.RequestId);
    }

    private static ErrorFields Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ErrorFields(Raw(body), null, null, null);
            }

            string? requestId = ReadString(root, "request_id");
            if (root.TryGetProperty("error", out JsonElement error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return new ErrorFields(error.GetString(), ReadString(root, "code") ?? ReadString(root, "type"), requestId, null);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return FromObject(error, requestId);
                }
            }

            if (root.TryGetProperty("detail", out JsonElement detail))
            {
                return new ErrorFields(detail.ValueKind == JsonValueKind.String ? detail.GetString() : detail.GetRawText(), null, requestId, null);
            }

            if (root.TryGetProperty("message", out _))
            {
                return FromObject(root, requestId);
            }

            return new ErrorFields(Raw(body), null, requestId, null);
        }
        catch (JsonException)
        {
            return new ErrorFields(Raw(body), null, null, null);
        }
    }

    private static ErrorFields FromObject(JsonElement error, string? requestId)
    {
        string? message = ReadString(error, "message");
        string? textCode = error.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
        int? numericCode = code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out int number) ? number : null;
        int? status = error.TryGetProperty("status_code", out JsonElement statusCode) && statusCode.ValueKind == JsonValueKind.Number
            && statusCode.TryGetInt32(out int statusNumber) ? statusNumber : numericCode;
        string? type = ReadString(error, "type");

        // OpenRouter nests the upstream provider's own words under metadata.raw; they say more than "Provider returned error".
        if (error.TryGetProperty("metadata", out JsonElement metadata) && metadata.ValueKind == JsonValueKind.Object
            && ReadString(metadata, "raw") is { Length: > 0 } raw)
        {
            message = message is null ? raw : $"{message}: {raw}";
        }

        string? errorCode = textCode ?? type ?? numericCode?.ToString(CultureInfo.InvariantCulture);
        return new ErrorFields(message, errorCode, requestId ?? ReadString(error, "request_id"), status is >= 100 and < 600 ? status : null);
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Raw(ReadOnlySpan<byte> body)
    {
        string text = Encoding.UTF8.GetString(body).Trim();
        return text.Length > MaxRawMessageLength ? string.Concat(text.AsSpan(0, MaxRawMessageLength), "…") : text;
    }

    private static string DescribeEmpty(HttpStatusCode status) => $"no error body ({(int)status})";

    internal static string FormatCode(string? code) => code is null ? "" : $" (code: {code})";

    internal static string FormatRequestId(string? requestId) => requestId is null ? "" : $" [request id {requestId}]";

    private readonly record struct ErrorFields(string? Message, string? Code, string? RequestId, int? Status);
}
