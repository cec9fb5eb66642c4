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
/// <c>required</c> where that is accepted — and the change is a warning on the call's response, logged once per client.
/// </summary>
internal static class ToolChoiceResolver
{
    public static ToolChoice? Resolve(ChatToolMode? mode, ToolChoiceSupport supported, ref RequestWarnings warnings)
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

        return requested is { } choice ? Filter(choice, supported, ref warnings) : null;
    }

    /// <summary>Forces the function that carries a structured-output schema: named, else required, else auto.</summary>
    public static ToolChoice? ForceFunction(string name, ToolChoiceSupport supported, ref RequestWarnings warnings) =>
        Filter(new ToolChoice(ToolChoiceSupport.Specific, name), supported, ref warnings, fallBackToAuto: true);

    private static ToolChoice? Filter(ToolChoice choice, ToolChoiceSupport supported, ref RequestWarnings warnings, bool fallBackToAuto = false)
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

        warnings.ToolChoiceFiltered(choice.WireValue, fallback?.WireValue ?? "(nothing)");
        return fallback;
    }
}
