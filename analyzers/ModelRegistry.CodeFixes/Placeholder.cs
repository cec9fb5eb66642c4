namespace ModelRegistry.CodeFixes;

// SKELETON: code fixes land with the analyzers issue.
internal static class Placeholder
{
}
