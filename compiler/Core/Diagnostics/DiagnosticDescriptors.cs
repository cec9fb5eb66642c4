using Microsoft.CodeAnalysis;

namespace ModelRegistry.Compiler;

/// <summary>
/// The descriptor of every MR rule. Messages say what to change; the help link of each rule is its section of
/// <c>docs/diagnostics.md</c>, computed from the ID so that it cannot drift.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string DeclarationCategory = "ModelRegistry.Declaration";
    private const string ProfileCategory = "ModelRegistry.Profiles";
    private const string UsageCategory = "ModelRegistry.Usage";

    public static readonly DiagnosticDescriptor InvalidProviderName = new DiagnosticDescriptor(
        RuleIdentifiers.InvalidProviderName,
        "Invalid provider name",
        "Provider name '{0}' is invalid: {1}. Use only ASCII letters, digits, '-' and '_' (a colon would break 'provider:model' ids).",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.InvalidProviderName));

    public static readonly DiagnosticDescriptor UnknownCompatibilityValue = new DiagnosticDescriptor(
        RuleIdentifiers.UnknownCompatibilityValue,
        "Unknown compatibility value",
        "'{0}' is not a valid {1} value{3}. Valid values: {2}.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnknownCompatibilityValue));

    public static readonly DiagnosticDescriptor InvalidJson = new DiagnosticDescriptor(
        RuleIdentifiers.InvalidJson,
        "Invalid JSON in a profile file",
        "The profile file is not valid JSON: {0}. Fix the syntax; until then none of its models or providers are registered.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.InvalidJson));

    public static readonly DiagnosticDescriptor InvalidProfileValue = new DiagnosticDescriptor(
        RuleIdentifiers.InvalidProfileValue,
        "Invalid profile value",
        "'{0}' must be {1}, but is {2}. Change the value; until then it is ignored.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.InvalidProfileValue));

    public static readonly DiagnosticDescriptor UnknownProfileKey = new DiagnosticDescriptor(
        RuleIdentifiers.UnknownProfileKey,
        "Unknown profile key",
        "'{0}' is not a known {1}{2}. It is ignored: correct its spelling or remove it.",
        ProfileCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnknownProfileKey));

    public static readonly DiagnosticDescriptor DuplicateModel = new DiagnosticDescriptor(
        RuleIdentifiers.DuplicateModel,
        "Duplicate model, alias or key",
        "{0} '{1}' is already defined{2}. Remove or rename this one; it is ignored.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.DuplicateModel));

    /// <summary>MR0006 found across files (the same model or alias in two files of one provider), at the end of the compilation.</summary>
    public static readonly DiagnosticDescriptor DuplicateModelAcrossFiles = new DiagnosticDescriptor(
        RuleIdentifiers.DuplicateModel,
        "Duplicate model, alias or key",
        "{0} '{1}' is already defined{2}. Remove or rename this one; it is ignored.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.DuplicateModel),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UndeclaredProvider = new DiagnosticDescriptor(
        RuleIdentifiers.UndeclaredProvider,
        "Profile for an undeclared provider",
        "Provider '{0}' is not declared{1}. Declare it with [ModelProvider(\"{0}\", ...)] or in a 'providers' array, or correct the name.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UndeclaredProvider),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor DuplicateProvider = new DiagnosticDescriptor(
        RuleIdentifiers.DuplicateProvider,
        "Duplicate provider",
        "Provider '{0}' is already declared as '{1}' (names are compared ignoring case). Remove or rename this declaration; it is ignored.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.DuplicateProvider),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InvalidClientKind = new DiagnosticDescriptor(
        RuleIdentifiers.InvalidClientKind,
        "Kind, ChatClient or ChatClientFactory: exactly one, with a known kind",
        "Provider '{0}': {1}. Set exactly one of Kind = \"openai-compatible\", ChatClient = typeof(YourChatClient) and ChatClientFactory = typeof(YourClientFactory).",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.InvalidClientKind));

    public static readonly DiagnosticDescriptor UnconstructibleChatClient = new DiagnosticDescriptor(
        RuleIdentifiers.UnconstructibleChatClient,
        "ChatClient type cannot be constructed",
        "ChatClient type '{0}' cannot be used: {1}. Give it a public constructor (or settable properties) whose parameters are all among model/modelId/defaultModel, endpoint/baseUrl/apiBase/uri/uriString, apiKey/credential, settings, profile, an HttpClient and a ChatModelConfiguration (optional ones may be left out), or declare ChatClientFactory = typeof(YourClientFactory) instead.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnconstructibleChatClient));

    public static readonly DiagnosticDescriptor UnusableChatClientFactory = new DiagnosticDescriptor(
        RuleIdentifiers.UnusableChatClientFactory,
        "ChatClientFactory type has no factory method",
        "ChatClientFactory type '{0}' cannot be used: {1}. Give it exactly one method '{2}' (any name): generated code calls it with each model's resolved configuration.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnusableChatClientFactory));

    public static readonly DiagnosticDescriptor InvalidBaseUrl = new DiagnosticDescriptor(
        RuleIdentifiers.InvalidBaseUrl,
        "Invalid BaseUrl",
        "BaseUrl '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.InvalidBaseUrl));

    public static readonly DiagnosticDescriptor IdentifierCollision = new DiagnosticDescriptor(
        RuleIdentifiers.IdentifierCollision,
        "Generated identifier collision",
        "{0} '{1}' maps to the C# identifier '{2}', {3}. No property or class is generated for it; load it by string id or rename it.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.IdentifierCollision),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor LiteralSecret = new DiagnosticDescriptor(
        RuleIdentifiers.LiteralSecret,
        "Secret written as a literal",
        "{0} holds a literal secret that would be compiled into the program. Reference an environment variable instead, for example ${{{1}}}.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.LiteralSecret));

    public static readonly DiagnosticDescriptor MalformedHeader = new DiagnosticDescriptor(
        RuleIdentifiers.MalformedHeader,
        "Malformed header",
        "Header '{0}' is malformed: {1}. Write it as \"Name: value\" with a name of letters, digits and '-'.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.MalformedHeader));

    public static readonly DiagnosticDescriptor UnknownProviderInModelId = new DiagnosticDescriptor(
        RuleIdentifiers.UnknownProviderInModelId,
        "Unknown provider in a model id",
        "Provider '{0}' is not declared in {1}{2}. Declare it with [ModelProvider(\"{0}\", ...)], or use one of: {3}.",
        UsageCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnknownProviderInModelId));

    public static readonly DiagnosticDescriptor UnknownModelInModelId = new DiagnosticDescriptor(
        RuleIdentifiers.UnknownModelInModelId,
        "Model not listed in the provider's profiles",
        "Model '{1}' is not listed in the profiles of provider '{0}'{2}. It still loads, without a profile; correct the id or add the model to the provider's profile file.",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnknownModelInModelId));

    public static readonly DiagnosticDescriptor DeprecatedModel = new DiagnosticDescriptor(
        RuleIdentifiers.DeprecatedModel,
        "Deprecated model",
        "Model '{1}' of provider '{0}' is deprecated (its profile's status is 'deprecated'{2}). It still loads until the provider retires it; move to a current model.",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.DeprecatedModel));

    public static readonly DiagnosticDescriptor MalformedModelId = new DiagnosticDescriptor(
        RuleIdentifiers.MalformedModelId,
        "Malformed model id",
        "'{0}' is not a valid model id: {1}. Write it as \"provider:model\" with a non-empty provider and model.",
        UsageCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.MalformedModelId));

    public static readonly DiagnosticDescriptor LiteralApiKeyInCode = new DiagnosticDescriptor(
        RuleIdentifiers.LiteralApiKeyInCode,
        "API key written as a literal in code",
        "{0} is set to a literal secret that would be compiled into the program. Leave it unset so that the provider's {{PROVIDER}}_API_KEY environment variable is used, or read the secret from configuration at run time.",
        UsageCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.LiteralApiKeyInCode));

    public static readonly DiagnosticDescriptor RegistryClassNotPartial = new DiagnosticDescriptor(
        RuleIdentifiers.RegistryClassNotPartial,
        "Registry class must be partial",
        "{0} '{1}' must be declared 'partial': the generated registry adds its members to it. Add the 'partial' modifier.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.RegistryClassNotPartial));

    public static readonly DiagnosticDescriptor RegistryClassNotStatic = new DiagnosticDescriptor(
        RuleIdentifiers.RegistryClassNotStatic,
        "Registry class should be static",
        "Registry class '{0}' should be 'static': every generated member is static, so an instance is meaningless. Add the 'static' modifier.",
        DeclarationCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.RegistryClassNotStatic));

    public static readonly DiagnosticDescriptor ProfilesPathNotFound = new DiagnosticDescriptor(
        RuleIdentifiers.ProfilesPathNotFound,
        "Profiles path names no AdditionalFile",
        "Profiles path '{0}' of provider '{1}' names no JSON AdditionalFile{2}. Correct the path, or add the file to the project as <AdditionalFiles Include=\"{0}\" />.",
        DeclarationCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.ProfilesPathNotFound),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor UnclaimedProfileFile = new DiagnosticDescriptor(
        RuleIdentifiers.UnclaimedProfileFile,
        "Profile file claimed by no provider",
        "Profile file '{0}' has no 'provider' key and no provider's Profiles path names it, so its models are not registered. Add \"provider\": \"name\" to it, or set Profiles = \"{0}\" on its provider.",
        ProfileCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnclaimedProfileFile),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InvalidFallback = new DiagnosticDescriptor(
        RuleIdentifiers.InvalidFallback,
        "Invalid model fallback",
        "Fallback '{0}' of model '{1}' {2}. It is ignored: {3}.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.InvalidFallback));

    /// <summary>A <c>fallbacks</c> entry on an embedding model: vectors of another model lie in another space, so a call
    /// that fell back would return vectors that do not compare with those already stored. {0} the fallback, {1} the model.</summary>
    public static readonly DiagnosticDescriptor EmbeddingFallback = new DiagnosticDescriptor(
        RuleIdentifiers.EmbeddingFallback,
        "Fallback on an embedding model",
        "Model '{1}' is an embedding model, so fallback '{0}' cannot apply: another model's vectors lie in a different space and would not compare with the vectors already stored. Remove 'fallbacks' and give the model several 'routes' that serve the same model instead.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.EmbeddingFallback));

    /// <summary>An unknown key inside a route or a pricing object: unlike MR0005's other keys, ignoring it would route or
    /// price calls differently from what the file says (a seed's <c>quota</c>, a route's own <c>pricing</c>), so it is an error.</summary>
    public static readonly DiagnosticDescriptor UnknownRoutingKey = new DiagnosticDescriptor(
        RuleIdentifiers.UnknownRoutingKey,
        "Unknown route or pricing key",
        "'{0}' is not a known {1}{2}. Ignoring it would change how calls are routed or priced: correct its spelling or remove it.",
        ProfileCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnknownRoutingKey));

    /// <summary>MR0026: the call uses a capability (tools, an input modality, structured output) that the model's profile
    /// says it lacks. {0} what the call does, {1} the model, {2} what the profile says, {3} what happens and what to do.</summary>
    public static readonly DiagnosticDescriptor MissingModelCapability = new DiagnosticDescriptor(
        RuleIdentifiers.MissingModelCapability,
        "Model lacks a capability the call uses",
        "{0}, but the profile of '{1}' says {2}. {3}.",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.MissingModelCapability));

    /// <summary>MR0027: a request option beyond what the model's profile or its provider's compatibility options accept (a
    /// constant <c>MaxOutputTokens</c> above <c>max_output_tokens</c>, a tool mode outside <c>supported_tool_choice</c>).
    /// {0} the option, {1} the limit, {2} what happens at run time and the fix.</summary>
    public static readonly DiagnosticDescriptor UnsupportedRequestOption = new DiagnosticDescriptor(
        RuleIdentifiers.UnsupportedRequestOption,
        "Request option the model or provider does not accept",
        "{0}, but {1}. {2}.",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.UnsupportedRequestOption));

    /// <summary>The documentation section of a rule: <c>docs/diagnostics.md#mr0001</c>.</summary>
    public static readonly DiagnosticDescriptor ModelKindMismatch = new DiagnosticDescriptor(
        RuleIdentifiers.ModelKindMismatch,
        "Model kind does not match how it is loaded",
        "'{0}:{1}' is {2}, but it is {3}. {4}.",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink(RuleIdentifiers.ModelKindMismatch));

    public static string HelpLink(string id) =>
        "https://github.com/modelregistry/modelregistry/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant();
}
