namespace ModelRegistry.Compiler;

/// <summary>
/// Every diagnostic ID. IDs are never renumbered or reused: a retired rule keeps its number. The class lives with the
/// shared parsers (linked into the analyzers) because the parsers create the diagnostics the analyzers report.
/// </summary>
internal static class RuleIdentifiers
{
    public const string InvalidProviderName = "MR0001";
    public const string UnknownCompatibilityValue = "MR0002";
    public const string InvalidJson = "MR0003";
    public const string InvalidProfileValue = "MR0004";
    public const string UnknownProfileKey = "MR0005";
    public const string DuplicateModel = "MR0006";
    public const string UndeclaredProvider = "MR0007";
    public const string DuplicateProvider = "MR0008";
    public const string InvalidClientKind = "MR0009";
    public const string UnconstructibleChatClient = "MR0010";
    public const string InvalidBaseUrl = "MR0011";
    public const string IdentifierCollision = "MR0012";
    public const string LiteralSecret = "MR0013";
    public const string MalformedHeader = "MR0014";
    public const string UnknownProviderInModelId = "MR0015";
    public const string UnknownModelInModelId = "MR0016";
    public const string MalformedModelId = "MR0017";
    public const string LiteralApiKeyInCode = "MR0018";
    public const string RegistryClassNotPartial = "MR0019";
    public const string RegistryClassNotStatic = "MR0020";
    public const string ProfilesPathNotFound = "MR0021";
    public const string UnclaimedProfileFile = "MR0022";
    public const string InvalidFallback = "MR0023";
    public const string UnusableChatClientFactory = "MR0024";
    public const string UnknownRoutingKey = "MR0025";
    public const string MissingModelCapability = "MR0026";
    public const string UnsupportedRequestOption = "MR0027";
    public const string DeprecatedModel = "MR0028";
    public const string ModelKindMismatch = "MR0029";
    public const string EmbeddingFallback = "MR0030";
}
