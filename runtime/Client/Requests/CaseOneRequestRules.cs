using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ModelRegistry;

/// <summary>
/// The compatibility rules that the registry applies to a call of a case-1 client (a user <c>IChatClient</c> type or a
/// factory's client), on <see cref="ChatOptions"/> before the client writes its own wire format: the load settings'
/// temperature and output-token limit as defaults, the profile's <c>max_output_tokens</c> (a larger request is clamped),
/// its <c>supported_params</c> (unlisted parameters dropped, unless <see cref="ChatModelSettings.DropUnsupportedParameters"/>
/// is off) and <c>supported_tool_choice</c> (a tool mode the provider does not accept omitted or narrowed) — each change a
/// warning on the call's response, as the library's own client reports it. <c>response_format</c> is left to the client:
/// it may well support more than the OpenAI-compatible defaults say, and the function-calling emulation of structured
/// output belongs to the library's wire format. The caller's options are never changed: a changed call gets a clone.
/// </summary>
internal static class CaseOneRequestRules
{
    public static ChatOptions? Apply(ChatModelConfiguration configuration, ChatOptions? options, OnceLogger log, out JsonElement? warnings)
    {
        ChatModelSettings? settings = configuration.Settings;
        var collected = new RequestWarnings(log);
        ChatOptions? result = options;
        ChatOptions Editable() => result = ReferenceEquals(result, options) ? options?.Clone() ?? new ChatOptions() : result!;

        if (options?.Temperature is null && settings?.Temperature is { } temperature)
        {
            Editable().Temperature = temperature;
        }

        if (options?.MaxOutputTokens is null && settings?.MaxTokens is { } maxTokens)
        {
            Editable().MaxOutputTokens = maxTokens;
        }

        if (result?.MaxOutputTokens is { } requested && configuration.Profile?.MaxOutputTokens is { } limit && requested > limit)
        {
            string field = configuration.Compatibility.MaxTokensField == MaxTokensField.MaxCompletionTokens ? "max_completion_tokens" : "max_tokens";
            collected.MaxTokensClamped(field, requested, limit);
            Editable().MaxOutputTokens = limit;
        }

        if (configuration.Profile is { SupportedParams.IsDefaultOrEmpty: false } profile && settings is not { DropUnsupportedParameters: false } && result is not null)
        {
            bool Lists(string parameter) => profile.SupportedParams.Contains(parameter, StringComparer.Ordinal);
            bool Drop(bool present, string parameter)
            {
                if (!present || Lists(parameter))
                {
                    return false;
                }

                collected.ParameterDropped(parameter);
                return true;
            }

            if (Drop(result.Temperature is not null, "temperature")) { Editable().Temperature = null; }
            if (Drop(result.TopP is not null, "top_p")) { Editable().TopP = null; }
            if (Drop(result.TopK is not null, "top_k")) { Editable().TopK = null; }
            if (Drop(result.Seed is not null, "seed")) { Editable().Seed = null; }
            if (Drop(result.FrequencyPenalty is not null, "frequency_penalty")) { Editable().FrequencyPenalty = null; }
            if (Drop(result.PresencePenalty is not null, "presence_penalty")) { Editable().PresencePenalty = null; }
            if (Drop(result.StopSequences is { Count: > 0 }, "stop")) { Editable().StopSequences = null; }
            if (result.MaxOutputTokens is not null && !Lists("max_tokens") && !Lists("max_completion_tokens"))
            {
                collected.ParameterDropped("max_tokens");
                Editable().MaxOutputTokens = null;
            }
        }

        if (result is { Tools.Count: > 0, ToolMode: { } mode })
        {
            ToolChoice? sent = ToolChoiceResolver.Resolve(mode, configuration.Compatibility.SupportedToolChoice, ref collected);
            ChatToolMode? narrowed = sent switch
            {
                null => null,
                { Kind: ToolChoiceSupport.None } => ChatToolMode.None,
                { Kind: ToolChoiceSupport.Required } => ChatToolMode.RequireAny,
                { Kind: ToolChoiceSupport.Specific, FunctionName: { } name } => ChatToolMode.RequireSpecific(name),
                _ => ChatToolMode.Auto,
            };
            if (!Equals(narrowed, mode))
            {
                Editable().ToolMode = narrowed;
            }
        }

        warnings = collected.ToJson();
        return result;
    }
}
