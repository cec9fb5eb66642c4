using Microsoft.Extensions.AI;

namespace ModelRegistry.Protocol;

/// <summary>
/// A tool call's arguments and a tool result as the text both formats carry them in (chat completions'
/// <c>function.arguments</c> and tool message <c>content</c>, the Responses API's <c>arguments</c> and <c>output</c>).
/// </summary>
internal static class ToolCallText
{
    /// <summary>The arguments as a JSON object text; a call without arguments sends <c>{}</c>.</summary>
    public static string Arguments(FunctionCallContent call) =>
        call.Arguments is null ? "{}" : JsonValueWriter.ToJsonText(call.Arguments);

    /// <summary>The result as text: a string as it is, anything else as JSON, a failed call as its exception's message.</summary>
    public static string Result(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception?.Message ?? "",
        string text => text,
        _ => JsonValueWriter.ToJsonText(result.Result),
    };
}
