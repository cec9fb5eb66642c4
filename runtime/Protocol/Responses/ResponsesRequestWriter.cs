using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol.Responses;

/// <summary>
/// Writes a <c>/responses</c> request body: the conversation as input items (messages, <c>function_call</c> and
/// <c>function_call_output</c> items), the same resolved parameters as chat completions under the Responses
/// API's names (<c>max_output_tokens</c>, <c>reasoning.effort</c>, <c>text.format</c>), tools flattened to
/// <c>{"type":"function","name":…}</c>, and the extra body fields.
/// </summary>
internal static class ResponsesRequestWriter
{
    /// <summary>Writes the body into a pooled buffer, which the caller returns once the answer has been read.</summary>
    public static PooledBufferWriter Write(
        ChatModelConfiguration configuration, IReadOnlyList<ChatMessage> messages, ChatOptions? options, ResolvedRequest request,
        bool stream, OnceLogger log)
    {
        var buffer = new PooledBufferWriter(1024);
        Utf8JsonWriter writer = RequestJsonWriter.Rent(buffer);
        writer.WriteStartObject();
        writer.WriteString("model", request.Model);
        if (!string.IsNullOrEmpty(options?.Instructions) && !request.IsOverridden("instructions"))
        {
            writer.WriteString("instructions", options.Instructions);
        }

        WriteInput(writer, messages);
        if (stream)
        {
            writer.WriteBoolean("stream", true);
        }

        RequestFieldWriter.WriteNumber(writer, request, "temperature", request.Temperature);
        RequestFieldWriter.WriteNumber(writer, request, "top_p", request.TopP);
        RequestFieldWriter.WriteNumber(writer, request, "max_output_tokens", request.MaxTokens);

        if ((request.ReasoningEffort is not null || request.ReasoningOutput is not null) && !request.IsOverridden("reasoning"))
        {
            writer.WriteStartObject("reasoning");
            if (request.ReasoningEffort is { } effort)
            {
                writer.WriteString("effort", effort);
            }

            if (request.ReasoningOutput is { } output && output != ReasoningOutput.None)
            {
                writer.WriteString("summary", output == ReasoningOutput.Full ? "detailed" : "auto");
            }

            writer.WriteEndObject();
        }

        ToolsWriter.Write(writer, request, nestUnderFunction: false);
        WriteTextFormat(writer, request);
        ExtraBodyWriter.Write(writer, request.ExtraBody, log);
        writer.WriteEndObject();
        RequestJsonWriter.Return(writer);
        return buffer;
    }

    private static void WriteInput(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray("input");
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.Assistant)
            {
                string text = MessageText.Join(message);
                if (text.Length > 0)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", "assistant");
                    writer.WriteString("content", text);
                    writer.WriteEndObject();
                }

                foreach (AIContent content in message.Contents)
                {
                    if (content is FunctionCallContent call)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("type", "function_call");
                        writer.WriteString("call_id", call.CallId);
                        writer.WriteString("name", call.Name);
                        writer.WriteString("arguments", ToolCallText.Arguments(call));
                        writer.WriteEndObject();
                    }
                }

                continue;
            }

            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionResultContent result)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "function_call_output");
                    writer.WriteString("call_id", result.CallId);
                    writer.WriteString("output", ToolCallText.Result(result));
                    writer.WriteEndObject();
                }
            }

            if (message.Role == ChatRole.Tool || !message.Contents.Any(static content => content is TextContent or DataContent or UriContent))
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("role", message.Role.Value);
            writer.WriteStartArray("content");
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        writer.WriteStartObject();
                        writer.WriteString("type", "input_text");
                        writer.WriteString("text", text.Text);
                        writer.WriteEndObject();
                        break;
                    case DataContent data when data.HasTopLevelMediaType("image"):
                        WriteImage(writer, data.Uri);
                        break;
                    case UriContent uri when uri.HasTopLevelMediaType("image"):
                        WriteImage(writer, uri.Uri.ToString());
                        break;
                    case DataContent data when !data.HasTopLevelMediaType("audio"):
                        writer.WriteStartObject();
                        writer.WriteString("type", "input_file");
                        writer.WriteString("filename", data.Name ?? "file");
                        writer.WriteString("file_data", data.Uri);
                        writer.WriteEndObject();
                        break;
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteImage(Utf8JsonWriter writer, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "input_image");
        writer.WriteString("image_url", url);
        writer.WriteEndObject();
    }

    private static void WriteTextFormat(Utf8JsonWriter writer, ResolvedRequest request)
    {
        if (request.IsOverridden("text") || request.StructuredOutput is not (StructuredOutputMode.JsonSchema or StructuredOutputMode.JsonMode))
        {
            return;
        }

        writer.WriteStartObject("text");
        writer.WriteStartObject("format");
        if (request.StructuredOutput == StructuredOutputMode.JsonMode)
        {
            writer.WriteString("type", "json_object");
        }
        else
        {
            writer.WriteString("type", "json_schema");
            RequestFieldWriter.WriteSchemaFields(writer, request);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
