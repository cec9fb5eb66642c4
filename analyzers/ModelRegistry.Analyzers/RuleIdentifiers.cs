namespace ModelRegistry.Analyzers;

/// <summary>Every diagnostic ID. IDs are never renumbered or reused.</summary>
internal static class RuleIdentifiers
{
    public const string InvalidProviderName = "MR0001";
    public const string UnknownCompatibilityValue = "MR0002";
}
