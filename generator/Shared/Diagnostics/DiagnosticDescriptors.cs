using Microsoft.CodeAnalysis;

namespace ModelRegistry.Generator;

/// <summary>
/// The descriptor of every MR rule. Messages say what to change; the help link of each rule is its section of
/// <c>docs/diagnostics.md</c>, computed from the ID so that it cannot drift.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string DeclarationCategory = "ModelRegistry.Declaration";
    private const string ProfileCategory = "ModelRegistry.Profiles";

    public static DiagnosticDescriptor InvalidProviderName { get; } = Create(
        RuleIdentifiers.InvalidProviderName,
        "Invalid provider name",
        "Provider name '{0}' is invalid: {1}. Use only ASCII letters, digits, '-' and '_' (a colon would break 'provider:model' ids).",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor UnknownCompatibilityValue { get; } = Create(
        RuleIdentifiers.UnknownCompatibilityValue,
        "Unknown compatibility value",
        "'{0}' is not a valid {1} value. Valid values: {2}.{3}",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor InvalidJson { get; } = Create(
        RuleIdentifiers.InvalidJson,
        "Invalid JSON in a profile file",
        "The profile file is not valid JSON: {0}. Fix the syntax; until then none of its models or providers are registered.",
        ProfileCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor InvalidProfileValue { get; } = Create(
        RuleIdentifiers.InvalidProfileValue,
        "Invalid profile value",
        "'{0}' must be {1}, but is {2}. Change the value; until then it is ignored.",
        ProfileCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor UnknownProfileKey { get; } = Create(
        RuleIdentifiers.UnknownProfileKey,
        "Unknown profile key",
        "'{0}' is not a known {1}; it is ignored.{2}",
        ProfileCategory,
        DiagnosticSeverity.Warning);

    public static DiagnosticDescriptor DuplicateModel { get; } = Create(
        RuleIdentifiers.DuplicateModel,
        "Duplicate model, alias or key",
        "{0} '{1}' is already defined{2}. Remove or rename this one; it is ignored.",
        ProfileCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor UndeclaredProvider { get; } = Create(
        RuleIdentifiers.UndeclaredProvider,
        "Profile for an undeclared provider",
        "Provider '{0}' is not declared. Declare it with [ModelProvider(\"{0}\", ...)] or in a 'providers' array, or correct the name.{1}",
        ProfileCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor DuplicateProvider { get; } = Create(
        RuleIdentifiers.DuplicateProvider,
        "Duplicate provider",
        "Provider '{0}' is already declared as '{1}' (names are compared ignoring case). Remove or rename this declaration; it is ignored.",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor InvalidClientKind { get; } = Create(
        RuleIdentifiers.InvalidClientKind,
        "Kind and ChatClient: exactly one, with a known kind",
        "Provider '{0}': {1}. Set either Kind = \"openai-compatible\" or ChatClient = typeof(YourChatClient), not both.",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor UnconstructibleChatClient { get; } = Create(
        RuleIdentifiers.UnconstructibleChatClient,
        "ChatClient type cannot be constructed",
        "ChatClient type '{0}' cannot be used: {1}. Give it a public constructor (or settable properties) whose parameters are all among model/modelId, endpoint/baseUrl/apiBase, apiKey, settings, profile.",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor InvalidBaseUrl { get; } = Create(
        RuleIdentifiers.InvalidBaseUrl,
        "Invalid BaseUrl",
        "BaseUrl '{0}' {1}",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor IdentifierCollision { get; } = Create(
        RuleIdentifiers.IdentifierCollision,
        "Generated identifier collision",
        "{0} '{1}' maps to the C# identifier '{2}', {3}. Neither gets a generated property; load them by string id or rename one.",
        ProfileCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor LiteralSecret { get; } = Create(
        RuleIdentifiers.LiteralSecret,
        "Secret written as a literal",
        "{0} holds a literal secret that would be compiled into the program. Reference an environment variable instead, for example ${{{1}}}.",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    public static DiagnosticDescriptor MalformedHeader { get; } = Create(
        RuleIdentifiers.MalformedHeader,
        "Malformed header",
        "Header '{0}' is malformed: {1}. Write it as \"Name: value\" with a name of letters, digits and '-'.",
        DeclarationCategory,
        DiagnosticSeverity.Error);

    /// <summary>The documentation section of a rule: <c>docs/diagnostics.md#mr0001</c>.</summary>
    public static string HelpLink(string id) =>
        "https://github.com/modelregistry/modelregistry/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant();

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpLink(id));
}
