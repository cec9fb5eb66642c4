using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ModelRegistry.Compiler;
using static ModelRegistry.Analyzers.LoadChatModelCall;

namespace ModelRegistry.Analyzers;

/// <summary>
/// The capability rules of one compilation, with the profile as the source of truth. At a chat call
/// (<c>GetResponseAsync</c>, <c>GetStreamingResponseAsync</c>, <c>GetStructuredResponseAsync</c>, Microsoft.Extensions.AI's
/// <c>GetResponseAsync&lt;T&gt;</c>) whose client is a model the method shows (<see cref="ChatModelResolver"/>), with the
/// options and messages it visibly sends (<see cref="VisibleChatOptions"/>, <see cref="VisibleContent"/>):
/// MR0026 — tools to a model whose profile says <c>tool_calling: false</c>; image, audio or PDF content to a model whose
/// profile says it takes none; structured output from a model with <c>structured_output: false</c> whose options lack
/// <c>json_schema</c>. MR0027 — a constant <c>MaxOutputTokens</c> above the profile's <c>max_output_tokens</c>;
/// <c>ChatToolMode.RequireAny</c> / <c>RequireSpecific</c> outside the options' <c>supported_tool_choice</c>. A profile
/// field left unset is unknown and never reported.
/// </summary>
internal sealed class CapabilityChecker
{
    public const string GetResponseAsync = "GetResponseAsync";
    public const string GetStreamingResponseAsync = "GetStreamingResponseAsync";
    public const string GetStructuredResponseAsync = "GetStructuredResponseAsync";

    private readonly ChatModelResolver _resolver;
    private readonly ChatCallTypes _types;

    public CapabilityChecker(ChatModelResolver resolver, ChatCallTypes types)
    {
        _resolver = resolver;
        _types = types;
    }

    /// <summary>Whether an invoked <paramref name="name"/> may be a chat call: the syntax filter before any binding.</summary>
    public static bool IsCandidateMethodName(string? name) => name is GetResponseAsync or GetStreamingResponseAsync or GetStructuredResponseAsync;

    public void Analyze(IInvocationOperation invocation, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        IMethodSymbol method = invocation.TargetMethod;
        bool structured = _types.IsStructuredCall(method);
        if (!structured && !_types.IsChatCall(method))
        {
            return;
        }

        IOperation? client = method.IsExtensionMethod
            ? invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value
            : invocation.Instance;
        if (client is null || _resolver.Resolve(client, cancellationToken) is not { } target)
        {
            return;
        }

        VisibleChatOptions options = VisibleChatOptions.Read(Argument(invocation, "options"), _types.ChatOptions, cancellationToken);
        CheckTools(target, options, report);
        CheckToolMode(target, options, report);
        CheckMaxOutputTokens(target, options, report);
        if ((Argument(invocation, "messages") ?? Argument(invocation, "chatMessage")) is { } messages)
        {
            CheckContent(target, messages, report, cancellationToken);
        }

        if (structured)
        {
            CheckStructuredOutput(target, invocation, report);
        }
    }

    private static void CheckTools(ChatModelTarget target, VisibleChatOptions options, Action<Diagnostic> report)
    {
        if (options.Tools is { } tools && target.Model?.ToolCalling == false)
        {
            report(Diagnostic.Create(DiagnosticDescriptors.MissingModelCapability, tools.Syntax.GetLocation(),
                "Tools are passed", target.Id, "tool_calling: false",
                "The provider rejects or ignores them: load a model that calls tools, remove the tools, or correct the profile"));
        }
    }

    private void CheckToolMode(ChatModelTarget target, VisibleChatOptions options, Action<Diagnostic> report)
    {
        if (options.ToolMode is not { } value || target.Compatibility is not { } compatibility)
        {
            return;
        }

        (string written, string toolChoice)? mode = WithoutConversions(value) switch
        {
            IPropertyReferenceOperation { Property: { Name: "RequireAny" } property } when _types.IsToolMode(property.ContainingType) => ("ChatToolMode.RequireAny", "required"),
            IInvocationOperation { TargetMethod: { Name: "RequireSpecific" } factory } when _types.IsToolMode(factory.ContainingType) => ("ChatToolMode.RequireSpecific", "specific"),
            _ => null,
        };
        if (mode is not { } requested || ModelCapabilities.Supports(compatibility, requested.toolChoice))
        {
            return;
        }

        bool requiredAccepted = ModelCapabilities.Supports(compatibility, "required");
        bool autoAccepted = ModelCapabilities.Supports(compatibility, "auto");
        string? replacement = requested.toolChoice == "specific" && requiredAccepted ? "RequireAny" : autoAccepted ? "Auto" : null;
        string atRunTime = requested.toolChoice == "specific" && requiredAccepted
            ? "It is sent as tool_choice 'required' instead (any tool, not the one named)"
            : "Its tool_choice is dropped at run time";
        string fix = replacement is null ? "remove ToolMode" : "use ChatToolMode." + replacement;
        ImmutableArray<string> accepted = compatibility.SupportedToolChoice is { } list ? list.ToImmutableArray() : ImmutableArray<string>.Empty;
        report(Diagnostic.Create(DiagnosticDescriptors.UnsupportedRequestOption, value.Syntax.GetLocation(),
            replacement is null ? FixProperties.None : FixProperties.None.Add(FixProperties.ToolMode, replacement),
            $"ToolMode is {requested.written}",
            $"'{target.Id}' accepts tool_choice {(accepted.IsEmpty ? "(none)" : CompatibilityValues.Describe(accepted))} only (supported_tool_choice has no '{requested.toolChoice}')",
            $"{atRunTime}: {fix}, or add '{requested.toolChoice}' to the provider's SupportedToolChoice if it accepts it"));
    }

    private static void CheckMaxOutputTokens(ChatModelTarget target, VisibleChatOptions options, Action<Diagnostic> report)
    {
        if (options.MaxOutputTokens is { } value && target.Model?.MaxOutputTokens is { } limit
            && WithoutConversions(value).ConstantValue is { HasValue: true, Value: int requested } && requested > limit)
        {
            string written = limit.ToString(CultureInfo.InvariantCulture);
            report(Diagnostic.Create(DiagnosticDescriptors.UnsupportedRequestOption, value.Syntax.GetLocation(), FixProperties.Replace(written),
                $"MaxOutputTokens is {requested.ToString(CultureInfo.InvariantCulture)}",
                $"the profile of '{target.Id}' says max_output_tokens: {written}",
                $"It is clamped to {written} at run time: write {written} or less"));
        }
    }

    private void CheckContent(ChatModelTarget target, IOperation messages, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (target.Model is not { } model || (model.ImageInputs != false && model.ImageUrlInputs != false && model.AudioInputs != false && model.PdfInputs != false))
        {
            return;
        }

        foreach (SentContent content in VisibleContent.Find(messages, _types.DataContent, _types.UriContent, cancellationToken))
        {
            string? said = VisibleContent.Family(content.MediaType) switch
            {
                "image" when content.IsUri && model.ImageUrlInputs == false => "image_url_inputs: false",
                "image" when model.ImageInputs == false && !(content.IsUri && model.ImageUrlInputs == true) => "image_inputs: false",
                "audio" when model.AudioInputs == false => "audio_inputs: false",
                "pdf" when model.PdfInputs == false => "pdf_inputs: false",
                _ => null,
            };
            if (said is not null)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.MissingModelCapability, content.Creation.Syntax.GetLocation(),
                    $"{(content.IsUri ? "A URL" : "Content")} of type '{content.MediaType}' is sent", target.Id, said,
                    "The provider rejects the request or drops the content: load a model that takes this input, or correct the profile"));
            }
        }
    }

    private static void CheckStructuredOutput(ChatModelTarget target, IInvocationOperation invocation, Action<Diagnostic> report)
    {
        if (target.Model?.StructuredOutput == false && target.Compatibility is { } compatibility && !ModelCapabilities.SupportsJsonSchema(compatibility))
        {
            SyntaxNode at = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } ? member.Name : invocation.Syntax;
            report(Diagnostic.Create(DiagnosticDescriptors.MissingModelCapability, at.GetLocation(),
                "Structured output is asked for", target.Id, "structured_output: false, and its supported_response_format has no 'json_schema'",
                "The schema goes out as a forced function call the model is not known to follow: load a model with structured output, or correct the profile"));
        }
    }
}
