using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>The <c>tool_choice</c> a request sends.</summary>
internal readonly record struct ToolChoice(ToolChoiceSupport Kind, string? FunctionName)
{
    public string WireValue => Kind switch
    {
        ToolChoiceSupport.None => "none",
        ToolChoiceSupport.Required => "required",
        ToolChoiceSupport.Specific => "specific",
        _ => "auto",
    };
}

/// <summary>
/// Maps <see cref="ChatOptions.ToolMode"/> to a <c>tool_choice</c> the provider accepts (<c>supported_tool_choice</c>).
/// Unset sends nothing (many servers reject any <c>tool_choice</c>: vLLM without <c>--enable-auto-tool-choice</c>
/// rejects even <c>"auto"</c>). A mode the provider does not accept is omitted — a named function falls back to
/// <c>required</c> where that is accepted — and the change is logged once per client, never silently.
/// </summary>
internal static class ToolChoiceResolver
{
    public static ToolChoice? Resolve(ChatToolMode? mode, ToolChoiceSupport supported, OnceLogger log)
    {
        ToolChoice? requested = mode switch
        {
            null => null,
            NoneChatToolMode => new ToolChoice(ToolChoiceSupport.None, null),
            AutoChatToolMode => new ToolChoice(ToolChoiceSupport.Auto, null),
            RequiredChatToolMode { RequiredFunctionName: { } name } => new ToolChoice(ToolChoiceSupport.Specific, name),
            RequiredChatToolMode => new ToolChoice(ToolChoiceSupport.Required, null),
            _ => null,
        };

        return requested is { } choice ? Filter(choice, supported, log) : null;
    }

    /// <summary>Forces the function that carries a structured-output schema: named, else required, else auto.</summary>
    public static ToolChoice? ForceFunction(string name, ToolChoiceSupport supported, OnceLogger log) =>
        Filter(new ToolChoice(ToolChoiceSupport.Specific, name), supported, log, fallBackToAuto: true);

    private static ToolChoice? Filter(ToolChoice choice, ToolChoiceSupport supported, OnceLogger log, bool fallBackToAuto = false)
    {
        if ((supported & choice.Kind) != 0)
        {
            return choice;
        }

        ToolChoice? fallback = null;
        if (choice.Kind == ToolChoiceSupport.Specific && (supported & ToolChoiceSupport.Required) != 0)
        {
            fallback = new ToolChoice(ToolChoiceSupport.Required, null);
        }
        else if (fallBackToAuto && (supported & ToolChoiceSupport.Auto) != 0)
        {
            fallback = new ToolChoice(ToolChoiceSupport.Auto, null);
        }

        log.ToolChoiceFiltered(choice.WireValue, fallback?.WireValue ?? "(nothing)");
        return fallback;
    }
}
