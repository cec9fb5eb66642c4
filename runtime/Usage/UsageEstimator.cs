using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// Estimates token counts when a provider sends no usage: about four characters of text per token (the usual rule of
/// thumb for English with GPT-style tokenizers), a few tokens of framing per message, and a fixed cost per image.
/// </summary>
internal static class UsageEstimator
{
    /// <summary>Characters of text counted as one token.</summary>
    public const int CharactersPerToken = 4;

    /// <summary>Tokens of framing (role, separators) counted per message, as OpenAI's cookbook counts them.</summary>
    public const int TokensPerMessage = 4;

    /// <summary>Tokens counted per image: OpenAI's high-detail price of a 1024×1024 image (85 base + 4 tiles × 170),
    /// a middle ground between small thumbnails and large photos since the image size is not inspected.</summary>
    public const int TokensPerImage = 765;

    /// <summary>Estimates the input tokens of <paramref name="messages"/> plus the instructions and tool declarations of <paramref name="options"/>.</summary>
    public static long EstimateInputTokens(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        long characters = options?.Instructions?.Length ?? 0;
        long tokens = 0;
        foreach (ChatMessage message in messages)
        {
            tokens += TokensPerMessage;
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        characters += text.Text?.Length ?? 0;
                        break;
                    case TextReasoningContent reasoning:
                        characters += reasoning.Text?.Length ?? 0;
                        break;
                    case FunctionCallContent call:
                        characters += call.Name.Length + EstimateArgumentCharacters(call.Arguments);
                        break;
                    case FunctionResultContent result:
                        characters += result.Result?.ToString()?.Length ?? 0;
                        break;
                    case DataContent data when data.HasTopLevelMediaType("image"):
                    case UriContent uri when uri.HasTopLevelMediaType("image"):
                        tokens += TokensPerImage;
                        break;
                }
            }
        }

        if (options?.Tools is { } tools)
        {
            foreach (AITool tool in tools)
            {
                characters += tool.Name.Length + (tool.Description?.Length ?? 0);
                if (tool is AIFunctionDeclaration function)
                {
                    // The schema's UTF-8 length, read without copying it into a string (the same count for ASCII schemas).
                    characters += System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(function.JsonSchema).Length;
                }
            }
        }

        return tokens + CharactersToTokens(characters);
    }

    /// <summary>The input images of <paramref name="messages"/> (priced per image where a model's pricing says so).</summary>
    public static int CountImages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        int images = 0;
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is DataContent data && data.HasTopLevelMediaType("image") || content is UriContent uri && uri.HasTopLevelMediaType("image"))
                {
                    images++;
                }
            }
        }

        return images;
    }

    /// <summary>Estimates the tokens of generated text (answer, reasoning and tool-call arguments) of <paramref name="characters"/> characters.</summary>
    public static long EstimateOutputTokens(long characters) => CharactersToTokens(characters);

    /// <summary>The characters an output content adds to <see cref="EstimateOutputTokens"/>.</summary>
    public static long CountOutputCharacters(AIContent content) => content switch
    {
        TextContent text => text.Text?.Length ?? 0,
        TextReasoningContent reasoning => reasoning.Text?.Length ?? 0,
        FunctionCallContent call => call.Name.Length + EstimateArgumentCharacters(call.Arguments),
        _ => 0,
    };

    private static long CharactersToTokens(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;

    private static long EstimateArgumentCharacters(IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            return 0;
        }

        long characters = 2;
        foreach (KeyValuePair<string, object?> argument in arguments)
        {
            characters += argument.Key.Length + 4 + (argument.Value?.ToString()?.Length ?? 4);
        }

        return characters;
    }
}
